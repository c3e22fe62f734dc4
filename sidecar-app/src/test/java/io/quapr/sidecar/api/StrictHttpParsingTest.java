package io.quapr.sidecar.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Requests Go's HTTP server (daprd's) refuses are refused here too, with a plain answer: an empty or
 * repeated {@code Host}, a {@code Transfer-Encoding} other than chunked beside a
 * {@code Content-Length} (a smuggling risk behind another proxy), an obs-fold header line, a version
 * other than HTTP/1.0 and 1.1 (505), an invalid chunk size. A client that half-closes after its
 * request still gets the answer.
 */
@QuarkusTest
class StrictHttpParsingTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void emptyHostIs400WithAPlainReason() throws IOException {
        String answer = exchange("GET /v1.0/healthz HTTP/1.1\r\nHost: \r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("missing required Host header"), answer);
    }

    @Test
    void duplicateHostIs400() throws IOException {
        String answer = exchange("GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("too many Host headers"), answer);
    }

    @Test
    void bogusTransferEncodingBesideContentLengthIs400() throws IOException {
        String answer = exchange("POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: bogus\r\n"
                + "Content-Length: 2\r\n\r\n[]");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("unsupported transfer encoding"), answer);
    }

    @Test
    void obsFoldContinuationLineIs400() throws IOException {
        String answer = exchange("GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("obsolete line folding"), answer);
    }

    @Test
    void obsFoldInALaterRequestOnTheConnectionIs400() throws IOException {
        String answer = exchange("GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n\ttwo\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 204 "), answer);
        assertTrue(answer.contains("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("obsolete line folding"), answer);
    }

    @Test
    void unsupportedHttpVersionIs505() throws IOException {
        String answer = exchange("GET /v1.0/healthz HTTP/9.9\r\nHost: a\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 505 "), answer);
        assertTrue(answer.contains("unsupported protocol version"), answer);
    }

    @Test
    void invalidChunkSizeIs400() throws IOException {
        String answer = exchange("POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("malformed chunked encoding"), answer);
    }

    @Test
    void requestFollowedByHalfCloseIsAnswered() throws IOException {
        // the request and the end of the client's output arrive together; Netty used to close on
        // reading the end, often before the answer was written
        for (int i = 0; i < 20; i++) {
            for (String version : new String[] { "HTTP/1.0", "HTTP/1.1" }) {
                try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                    socket.setSoTimeout(5_000);
                    socket.getOutputStream().write(("GET /v1.0/healthz " + version + "\r\nHost: a\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    socket.shutdownOutput();
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertTrue(answer.startsWith("HTTP/1.1 204 ") || answer.startsWith("HTTP/1.0 204 "),
                            "attempt " + i + " " + version + ": " + answer);
                }
            }
        }
    }

    @Test
    void h2cUpgradeIsServedOverHttp2() throws Exception {
        // java.net.http asks for h2c on its first cleartext request (Upgrade: h2c), as curl --http2 does
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(url.toURI().resolve("/v1.0/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, answer.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, answer.version());
        }
    }

    @Test
    void wellFormedRequestStillServed() throws IOException {
        String answer = exchange("GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 204 "), answer);
    }

    private String exchange(String request) throws IOException {
        return RawHttp.allAnswers(url, request);
    }
}
