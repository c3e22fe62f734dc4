package io.quapr.sidecar.testing.kubernetes;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST-ONLY: an HTTP endpoint that answers every DynamoDB call as "no such item" ({@code {}}) and
 * keeps each request's {@code Authorization} header, so a test can see which access key the
 * component signed with. Not DynamoDB: only enough for a store's init check and a get.
 */
public final class FakeDynamoDb {

    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    private FakeDynamoDb() {
    }

    /** Starts it once per test JVM; returns its URL. */
    public static synchronized String start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    AUTHORIZATIONS.add(auth);
                }
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The {@code Authorization} headers received so far. */
    public static List<String> authorizations() {
        return List.copyOf(AUTHORIZATIONS);
    }
}
