package io.quapr.sidecar.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
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

    private String chunked(String path, String... parts) throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (String part : parts) {
            request.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        request.append("0\r\n\r\n");
        return RawHttp.exchange(url, request.toString());
    }
}
