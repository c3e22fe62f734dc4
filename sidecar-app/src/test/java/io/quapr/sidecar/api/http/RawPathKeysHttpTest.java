package io.quapr.sidecar.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Keys and names are read from the raw path as daprd reads them: split on {@code /}, decoded once.
 * A {@code ;} is part of the key (not a matrix parameter), {@code +} stays {@code +}, and an escape
 * that is not UTF-8 is refused instead of turning into U+FFFD (so two different keys never meet).
 * Requests go out byte for byte as written here (no client re-encoding), over HTTP/1.1.
 */
@QuarkusTest
class RawPathKeysHttpTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URL url;

    private final String prefix = "raw-" + UUID.randomUUID() + "-";

    @Test
    void keyWithSemicolonAndEqualsReadsBackWhetherEscapedOrNot() throws Exception {
        save(prefix + "a b;c=d", "1");
        assertEquals("1", get(prefix + "a%20b%3Bc%3Dd").body());
        assertEquals("1", get(prefix + "a%20b;c=d").body(), "';' sent as it is belongs to the key");
    }

    @Test
    void keyOfSubDelimitersKeepsItsPlus() throws Exception {
        save(prefix + "x$&+,;=:@y", "2");
        assertEquals("2", get(prefix + "x$&+,;=:@y").body());
        assertEquals("2", get(prefix + "x%24%26%2B%2C%3B%3D%3A%40y").body());
        assertEquals(204, get(prefix + "x$& ,;=:@y".replace(" ", "%20")).statusCode(),
                "'+' is not a space in a path");
    }

    @Test
    void deleteTakesTheWholeKeyToo() throws Exception {
        save(prefix + "gone;soon", "3");
        HttpResponse<String> deleted = send("DELETE", "/v1.0/state/statestore/" + prefix + "gone;soon", null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(204, get(prefix + "gone%3Bsoon").statusCode());
    }

    @Test
    void escapesThatAreNotUtf8AreRefusedNotFolded() throws Exception {
        for (String bad : new String[] { "%FF", "%FE", "%80", "%ED%A0%80" }) {
            HttpResponse<String> r = get(prefix + bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("ERR_MALFORMED_REQUEST"), bad + ": " + r.body());
        }
    }

    /** Escapes no URI parser accepts, so they go over a plain socket. */
    @Test
    void malformedEscapesAre400() throws Exception {
        for (String bad : new String[] { "%G1", "%4" }) {
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /v1.0/state/statestore/" + prefix + bad
                        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 400"), bad + ": " + answer);
            }
        }
    }

    @Test
    void metadataKeyWithSemicolonIsKeptWhole() throws Exception {
        String key = prefix + "k;v";
        HttpResponse<String> put = send("PUT", "/v1.0/metadata/" + key, "yes");
        assertEquals(204, put.statusCode(), put.body());
        String metadata = send("GET", "/v1.0/metadata", null).body();
        assertTrue(metadata.contains("\"" + key + "\":\"yes\""), metadata);
    }

    private void save(String key, String value) throws IOException, InterruptedException {
        String body = "[{\"key\":\"" + key + "\",\"value\":" + value + "}]";
        HttpResponse<String> r = send("POST", "/v1.0/state/statestore", body);
        assertEquals(204, r.statusCode(), r.body());
    }

    private HttpResponse<String> get(String rawKey) throws IOException, InterruptedException {
        return send("GET", "/v1.0/state/statestore/" + rawKey, null);
    }

    private HttpResponse<String> send(String method, String rawPath, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString().replaceAll("/$", "") + rawPath))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json");
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
