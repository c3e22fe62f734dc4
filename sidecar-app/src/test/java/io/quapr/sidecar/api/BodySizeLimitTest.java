package io.quapr.sidecar.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.RawHttp;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Both servers take requests up to daprd's default {@code --max-body-size} (4Mi). Larger ones get
 * daprd's answers: over HTTP the route's answer to a body it cannot read, over gRPC
 * {@code RESOURCE_EXHAUSTED}; a request line and headers over daprd's read buffer (4Ki) get 431.
 */
@QuarkusTest
class BodySizeLimitTest {

    private static final int LIMIT = 4 * 1024 * 1024;

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @TestHTTPResource("/")
    URL url;

    @Test
    void httpBodyJustUnderTheLimitIsAccepted() {
        given().contentType("application/json").body(stateBody("http-under", LIMIT - 1024))
                .post("/v1.0/state/statestore").then().statusCode(204);
    }

    /**
     * Declares one byte too many and sends no body: daprd cuts the body at the limit and the save
     * fails to deserialise it (400 {@code ERR_MALFORMED_REQUEST}, not 413), without reading it.
     */
    @Test
    void stateSaveOverTheLimitIsAMalformedRequest() throws IOException {
        String answer = exchange("POST /v1.0/state/statestore HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\"errorCode\":\"ERR_MALFORMED_REQUEST\""), answer);
        assertTrue(answer.contains("stream too large"), answer);
    }

    @Test
    void publishOverTheLimitIsABodyReadError() throws IOException {
        String answer = exchange("POST /v1.0/publish/pubsub/big HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\"errorCode\":\"ERR_BODY_READ\""), answer);
    }

    /** daprd's read buffer (4Ki) holds the request line and headers together: past it, 431. */
    @Test
    void requestLinePlusHeadersOverTheReadBufferIs431() throws IOException {
        String longKey = "k".repeat(2500);
        String headers = "X-Filler: " + "f".repeat(2000) + "\r\n";
        String answer = exchange("GET /v1.0/state/statestore/" + longKey + " HTTP/1.1\r\nHost: localhost\r\n"
                + headers + "\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
    }

    @Test
    void longRequestLineAloneIs431Not414() throws IOException {
        String answer = exchange(
                "GET /v1.0/state/statestore/" + "k".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
    }

    @Test
    void headUnderTheReadBufferIsServed() throws IOException {
        String answer = exchange("GET /v1.0/state/statestore/" + "k".repeat(1500) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Filler: " + "f".repeat(1500) + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 204 "), answer);
    }

    private String exchange(String request) throws IOException {
        return RawHttp.exchange(url, request);
    }

    @Test
    void grpcMessageJustUnderTheLimitIsAccepted() {
        dapr.saveState(saveRequest("grpc-under", LIMIT - 1024));

        assertEquals(LIMIT - 1024, dapr.getState(GetStateRequest.newBuilder().setStoreName("statestore")
                .setKey("grpc-under").build()).getData().size());
    }

    @Test
    void grpcMessageOverTheLimitIsResourceExhausted() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.saveState(saveRequest("grpc-over", LIMIT + 1)));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    }

    private static SaveStateRequest saveRequest(String key, int valueSize) {
        return SaveStateRequest.newBuilder().setStoreName("statestore").addStates(
                StateItem.newBuilder().setKey(key).setValue(ByteString.copyFrom(new byte[valueSize]))).build();
    }

    /** A save request whose JSON body is exactly {@code size} bytes. */
    private static byte[] stateBody(String key, int size) {
        String head = "[{\"key\":\"" + key + "\",\"value\":\"";
        String tail = "\"}]";
        char[] filler = new char[size - head.length() - tail.length()];
        Arrays.fill(filler, 'x');
        return (head + new String(filler) + tail).getBytes(StandardCharsets.US_ASCII);
    }
}
