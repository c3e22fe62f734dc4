package io.quapr.sidecar.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Both servers take requests up to daprd's default {@code --max-body-size} (4Mi) and refuse
 * larger ones: HTTP with 413, gRPC with {@code RESOURCE_EXHAUSTED}.
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
     * Declares one byte too many and sends no body: the server must refuse on the declared size
     * (sending the whole body races the server closing the connection after its 413).
     */
    @Test
    void httpBodyOverTheLimitIs413() throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1.0/state/statestore HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine);
        }
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
