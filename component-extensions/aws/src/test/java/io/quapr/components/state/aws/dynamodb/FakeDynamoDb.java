package io.quapr.components.state.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DynamoDB endpoint on loopback that records each request and answers what the test set up
 * ({@code {}} by default): for the calls dynalite does not have, so that the store's real
 * requests are checked on the wire, and DynamoDB's answers to them fed back.
 */
final class FakeDynamoDb implements AutoCloseable {

    /** One request as received. */
    record Request(String operation, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(int status, String body) {
    }

    FakeDynamoDb() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL to give the store as {@code endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code operation} (e.g. {@code TransactWriteItems}) with this status and JSON body. */
    void answer(String operation, int status, String body) {
        answers.put(operation, new Answer(status, body));
    }

    /** The requests for {@code operation}, in arrival order. */
    synchronized List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        synchronized (this) {
            requests.add(new Request(operation, body));
        }
        Answer answer = answers.getOrDefault(operation, new Answer(200, "{}"));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
