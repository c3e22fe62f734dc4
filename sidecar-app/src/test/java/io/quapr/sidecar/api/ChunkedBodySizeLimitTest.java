package io.quapr.sidecar.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A chunked body declares no length, so only the routes that read it can hold it to
 * {@code --max-body-size} (here 1 KiB): over it, the state save and publish answer as daprd does to
 * a body cut at the limit ({@code BodySizeLimitTest} covers declared lengths).
 */
@QuarkusTest
@TestProfile(ChunkedBodySizeLimitTest.SmallLimit.class)
class ChunkedBodySizeLimitTest {

    /** A 1 KiB body limit. */
    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quapr.max-body-size", "1024");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Test
    void chunkedStateSaveUnderTheLimitIsSaved() throws IOException {
        String answer = chunked("/v1.0/state/statestore", "[{\"key\":\"chunked\",", "\"value\":\"small\"}]");
        assertTrue(answer.startsWith("HTTP/1.1 204 "), answer);
    }

    @Test
    void chunkedStateSaveOverTheLimitIsAMalformedRequest() throws IOException {
        String answer = chunked("/v1.0/state/statestore", "[{\"key\":\"big\",\"value\":\"", "x".repeat(1100) + "\"}]");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\"errorCode\":\"ERR_MALFORMED_REQUEST\""), answer);
        assertTrue(answer.contains("stream too large"), answer);
        assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    }

    @Test
    void chunkedPublishOverTheLimitIsABodyReadError() throws IOException {
        String answer = chunked("/v1.0/publish/pubsub/big", "{\"a\":\"", "x".repeat(1100) + "\"}");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\"errorCode\":\"ERR_BODY_READ\""), answer);
    }

    /**
     * POSTs the parts as chunks in one write (so the server reads it all before it answers and
     * closes) and reads the answer until the server closes or 2 s pass without data.
     */
    private String chunked(String path, String... parts) throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (String part : parts) {
            request.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        request.append("0\r\n\r\n");
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    answer.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    socket.setSoTimeout(2_000);
                }
            } catch (SocketTimeoutException enough) {
                // keep-alive answer complete
            }
            return answer.toString();
        }
    }
}
