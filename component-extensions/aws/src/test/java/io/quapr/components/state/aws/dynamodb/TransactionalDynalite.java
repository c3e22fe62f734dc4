package io.quapr.components.state.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * dynalite with {@code TransactWriteItems}, for the conformance kit's transaction cases: an HTTP
 * front on loopback that passes every request to dynalite, one at a time, and carries out
 * {@code TransactWriteItems} (puts and deletes, as the store sends) itself.
 *
 * <p>
 * How it keeps DynamoDB's promise: because no two requests run at once, nobody sees a
 * transaction half done; each action is applied with its own condition by dynalite, which
 * evaluates the expressions; if any condition fails, the actions already applied are undone
 * from a snapshot taken first, and the answer is DynamoDB's {@code TransactionCanceledException}
 * with one cancellation reason per action. Two actions on one item, or more than 100, are
 * refused as DynamoDB refuses them. This is a test double for the one call dynalite lacks, not
 * DynamoDB: what the store puts on the wire is pinned separately by DynamoDbTransactionTest.
 */
final class TransactionalDynalite implements AutoCloseable {

    private static final String PREFIX = "DynamoDB_20120810.";
    private static final String JSON_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI backend;
    private final Object oneAtATime = new Object();
    private final Map<String, List<String>> keyAttributes = new ConcurrentHashMap<>();

    /** Listens on {@code port} of 127.0.0.1 in front of dynalite at {@code backend}. */
    TransactionalDynalite(int port, URI backend) throws IOException {
        this.backend = backend;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** One answer: the HTTP status and the JSON body. */
    private record Answer(int status, String body) {
    }

    /** A request's credentials headers, reused for the calls made on its behalf. */
    private record Auth(Map<String, String> headers) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer;
        try {
            Headers in = exchange.getRequestHeaders();
            String target = in.getFirst("X-Amz-Target");
            byte[] body = exchange.getRequestBody().readAllBytes();
            Auth auth = auth(in);
            synchronized (oneAtATime) {
                answer = (PREFIX + "TransactWriteItems").equals(target)
                        ? transact(JSON.readTree(body), auth)
                        : forward(target, new String(body, StandardCharsets.UTF_8), auth);
            }
        } catch (RuntimeException | IOException e) {
            answer = error(500, "InternalServerError", "test proxy failed: " + e);
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Auth auth(Headers in) {
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of("Authorization", "X-Amz-Date", "X-Amz-Security-Token")) {
            String v = in.getFirst(name);
            if (v != null) {
                headers.put(name, v);
            }
        }
        return new Auth(headers);
    }

    private Answer forward(String target, String body, Auth auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(backend)
                .header("Content-Type", JSON_TYPE)
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        auth.headers().forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer call(String operation, JsonNode body, Auth auth) {
        return forward(PREFIX + operation, body.toString(), auth);
    }

    private Answer transact(JsonNode request, Auth auth) throws IOException {
        JsonNode items = request.path("TransactItems");
        if (!items.isArray() || items.isEmpty() || items.size() > 100) {
            return error(400, "ValidationException", "TransactItems must hold 1 to 100 actions");
        }
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : items) {
            Action action = action(item, auth);
            if (action == null) {
                return error(400, "ValidationException", "this test proxy only carries out Put and Delete");
            }
            if (!seen.add(action.table() + action.key())) {
                return error(400, "ValidationException",
                        "Transaction request cannot include multiple operations on one item");
            }
            actions.add(action);
        }
        List<JsonNode> before = new ArrayList<>();
        for (Action a : actions) {
            Answer got = call("GetItem",
                    object().put("TableName", a.table()).put("ConsistentRead", true).set("Key", a.key()), auth);
            if (got.status() != 200) {
                return got;
            }
            JsonNode item = JSON.readTree(got.body()).get("Item");
            before.add(item);
        }
        List<String> reasons = new ArrayList<>();
        List<Integer> applied = new ArrayList<>();
        Answer failure = null;
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            Answer done = call(a.operation(), a.request(), auth);
            if (done.status() == 200) {
                applied.add(i);
                reasons.add("None");
            } else if (errorType(done).endsWith("ConditionalCheckFailedException")) {
                reasons.add("ConditionalCheckFailed");
            } else {
                failure = done;
                break;
            }
        }
        if (failure == null && !reasons.contains("ConditionalCheckFailed")) {
            return new Answer(200, "{}");
        }
        for (int i = applied.size() - 1; i >= 0; i--) {
            Action a = actions.get(applied.get(i));
            JsonNode old = before.get(applied.get(i));
            Answer undone = old == null
                    ? call("DeleteItem", object().put("TableName", a.table()).set("Key", a.key()), auth)
                    : call("PutItem", object().put("TableName", a.table()).set("Item", old), auth);
            if (undone.status() != 200) {
                throw new IllegalStateException("could not undo a cancelled transaction: " + undone.body());
            }
        }
        if (failure != null) {
            return failure;
        }
        ObjectNode cancelled = object();
        cancelled.put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
        cancelled.put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + reasons);
        ArrayNode list = cancelled.putArray("CancellationReasons");
        for (String code : reasons) {
            ObjectNode reason = list.addObject().put("Code", code);
            if (!"None".equals(code)) {
                reason.put("Message", "The conditional request failed");
            }
        }
        return new Answer(400, cancelled.toString());
    }

    /**
     * One action of a transaction, as the single-item call that carries it out.
     *
     * @param operation {@code PutItem} or {@code DeleteItem}
     * @param request that call's request: the action's own fields, which are the same
     * @param table the table
     * @param key the item's primary key
     */
    private record Action(String operation, JsonNode request, String table, JsonNode key) {
    }

    private Action action(JsonNode item, Auth auth) throws IOException {
        if (item.has("Put") && item.size() == 1) {
            JsonNode put = item.get("Put");
            String table = put.path("TableName").asText();
            ObjectNode key = object();
            for (String name : keyAttributes(table, auth)) {
                key.set(name, put.path("Item").path(name));
            }
            return new Action("PutItem", put.deepCopy(), table, key);
        }
        if (item.has("Delete") && item.size() == 1) {
            JsonNode delete = item.get("Delete");
            return new Action("DeleteItem", delete.deepCopy(), delete.path("TableName").asText(), delete.path("Key"));
        }
        return null;
    }

    private List<String> keyAttributes(String table, Auth auth) throws IOException {
        List<String> known = keyAttributes.get(table);
        if (known != null) {
            return known;
        }
        Answer described = call("DescribeTable", object().put("TableName", table), auth);
        if (described.status() != 200) {
            throw new IllegalStateException("cannot describe table " + table + ": " + described.body());
        }
        List<String> names = new ArrayList<>();
        for (JsonNode element : JSON.readTree(described.body()).path("Table").path("KeySchema")) {
            names.add(element.path("AttributeName").asText());
        }
        // tables are dropped and made again with the same key between runs, never changed
        keyAttributes.put(table, names);
        return names;
    }

    private static String errorType(Answer answer) {
        try {
            return JSON.readTree(answer.body()).path("__type").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static Answer error(int status, String type, String message) {
        return new Answer(status, object().put("__type", "com.amazonaws.dynamodb.v20120810#" + type)
                .put("message", message).toString());
    }

    private static ObjectNode object() {
        return NODES.objectNode();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
