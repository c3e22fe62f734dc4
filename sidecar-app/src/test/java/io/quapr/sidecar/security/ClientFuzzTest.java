package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quapr.sidecar.testing.LoudLogs;
import io.quapr.sidecar.testing.RawGrpc;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz run (fixed seed, 1,000 HTTP and 300 gRPC requests, well under a minute) of what
 * broken and hostile clients send: bad JSON, bad encodings, bad framing, wrong methods, oversized
 * parts, garbage protobuf. Every request gets an answer within 5 s, no 5xx comes without an
 * {@code errorCode}, no client makes the sidecar log an error, and it is healthy and serving after.
 */
@QuarkusTest
class ClientFuzzTest {

    private static final long SEED = 20261206L;
    private static final int HTTP_REQUESTS = 1_000;
    private static final int GRPC_REQUESTS = 300;

    private static final String[] JSON_ROUTES = { "POST /v1.0/state/statestore", "PUT /v1.0/state/statestore",
            "POST /v1.0/state/statestore/bulk", "POST /v1.0/state/statestore/transaction",
            "POST /v1.0-alpha1/state/statestore/query", "POST /v1.0-alpha1/publish/bulk/pubsub/fuzz",
            "POST /v1.0/publish/pubsub/fuzz", "PUT /v1.0/metadata/fuzz", "POST /v1.0/state/nosuchstore" };
    private static final String[] VALID_BODIES = { "[{\"key\":\"fuzz\",\"value\":{\"a\":[1,2,\"x\"]}}]",
            "{\"keys\":[\"fuzz\",\"b\"],\"parallelism\":2}",
            "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"fuzz\",\"value\":1}}]}",
            "{\"filter\":{\"EQ\":{\"a\":1}},\"page\":{\"limit\":2}}",
            "[{\"entryId\":\"1\",\"event\":{\"a\":1},\"contentType\":\"application/json\"}]" };
    private static final String[] PATHS = { "/v1.0/state/statestore/k", "/v1.0/secrets/secretstore/k",
            "/v1.0/publish/pubsub/t", "/v1.0/metadata", "/v1.0/healthz", "/v1.0/invoke/nosuch/method/m",
            "/v1.0/state/statestore", "/v1.0/nothing/here", "/", "/v1.0-alpha1/state/statestore/query" };
    private static final String[] METHODS = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW", "get" };
    private static final String[] GRPC_METHODS = { "dapr.proto.runtime.v1.Dapr/SaveState",
            "dapr.proto.runtime.v1.Dapr/GetState", "dapr.proto.runtime.v1.Dapr/PublishEvent",
            "dapr.proto.runtime.v1.Dapr/GetSecret", "dapr.proto.runtime.v1.Dapr/ExecuteStateTransaction",
            "dapr.proto.runtime.v1.Dapr/GetBulkState", "dapr.proto.runtime.v1.Dapr/InvokeService",
            "dapr.proto.runtime.v1.Dapr/BulkPublishEvent", "dapr.proto.runtime.v1.Dapr/NoSuchMethod", "x", "a/b/c" };

    @TestHTTPResource("/")
    URL url;

    @GrpcClient("dapr")
    Channel dapr;

    private final Random random = new Random(SEED);

    @Test
    void malformedRequestsAllGetAnAnswerAndLeaveTheSidecarHealthy() throws Exception {
        List<String> faults = new ArrayList<>();
        List<String> errors;
        try (LoudLogs logs = LoudLogs.atLeast(Level.SEVERE)) {
            for (int i = 0; i < HTTP_REQUESTS; i++) {
                byte[] request = httpRequest(i);
                // one client in seven shuts down its side once the request is sent
                String answer = exchange(request, i % 7 == 3);
                String status = answer.lines().findFirst().orElse("");
                if (!status.matches("HTTP/1\\.[01] \\d{3}.*")) {
                    faults.add("no answer to " + show(request) + ": " + show(answer.getBytes(StandardCharsets.UTF_8)));
                } else if (status.charAt(9) == '5' && !answer.contains("\"errorCode\"")
                        && !(status.startsWith("HTTP/1.1 505 ") && unsupportedVersion(request))) {
                    faults.add("5xx without errorCode for " + show(request) + ": " + answer);
                }
            }
            for (int i = 0; i < GRPC_REQUESTS; i++) {
                String method = GRPC_METHODS[random.nextInt(GRPC_METHODS.length)];
                byte[] message = new byte[random.nextInt(64)];
                random.nextBytes(message);
                try {
                    ClientCalls.blockingUnaryCall(dapr, RawGrpc.unary(method),
                            CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), message);
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                        faults.add("no gRPC answer within 5 s to " + method);
                    }
                }
            }
            errors = logs.lines();
        }
        assertTrue(faults.isEmpty(), faults.size() + " faults, the first: " + faults.subList(0, Math.min(5,
                faults.size())));
        assertTrue(errors.isEmpty(), "errors logged: " + errors.subList(0, Math.min(5, errors.size())));
        assertEquals("HTTP/1.1 204 No Content", exchange(
                "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII))
                .lines().findFirst().orElse(""));
        String save = exchange(("POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Content-Length: 32\r\nConnection: close\r\n\r\n[{\"key\":\"after-fuzz\",\"value\":7}]")
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(save.startsWith("HTTP/1.1 204"), save);
        String read = exchange("GET /v1.0/state/statestore/after-fuzz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(read.startsWith("HTTP/1.1 200") && read.endsWith("7"), read);
    }

    /** One malformed request of a kind chosen by turn, its details by the seeded random. */
    private byte[] httpRequest(int i) {
        return switch (i % 6) {
            case 0, 1 -> badJson();
            case 2 -> badEncoding();
            case 3 -> wrongMethod();
            case 4 -> oversized();
            default -> badFraming();
        };
    }

    private byte[] badJson() {
        String[] route = JSON_ROUTES[random.nextInt(JSON_ROUTES.length)].split(" ");
        byte[] body = VALID_BODIES[random.nextInt(VALID_BODIES.length)].getBytes(StandardCharsets.UTF_8);
        body = switch (random.nextInt(8)) {
            case 0 -> Arrays.copyOf(body, random.nextInt(body.length));
            case 1 -> flip(body);
            case 2 -> concat(body, body);
            case 3 -> concat(new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf }, body);
            case 4 -> new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
            case 5 -> "[".repeat(2_000 + random.nextInt(3_000)).getBytes(StandardCharsets.US_ASCII);
            case 6 -> randomBytes(1 + random.nextInt(200));
            default -> concat(body, " garbage".getBytes(StandardCharsets.US_ASCII));
        };
        return request(route[0], route[1], "Content-Type: application/json\r\n", body);
    }

    private byte[] badEncoding() {
        String[] escapes = { "%FF", "%C3%28", "%ED%A0%80", "%80", "%F4%90%80%80", "%G1", "%", "%0", "%00", "%E2%82" };
        String path = PATHS[random.nextInt(3)] + escapes[random.nextInt(escapes.length)];
        String method = random.nextBoolean() ? "GET" : "DELETE";
        return request(method, path, "", new byte[0]);
    }

    private byte[] wrongMethod() {
        return request(METHODS[random.nextInt(METHODS.length)], PATHS[random.nextInt(PATHS.length)], "",
                random.nextBoolean() ? new byte[0] : randomBytes(random.nextInt(100)));
    }

    private byte[] oversized() {
        return switch (random.nextInt(4)) {
            case 0 -> request("GET", "/v1.0/state/statestore/" + "k".repeat(4_000 + random.nextInt(60_000)), "",
                    new byte[0]);
            case 1 -> request("GET", "/v1.0/healthz", "X-Big: " + "v".repeat(4_000 + random.nextInt(20_000)) + "\r\n",
                    new byte[0]);
            case 2 -> ("POST " + JSON_ROUTES[random.nextInt(JSON_ROUTES.length)].split(" ")[1] + " HTTP/1.1\r\n"
                    + "Host: a\r\nContent-Length: " + (4 * 1024 * 1024 + 1 + random.nextInt(1 << 20)) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            default -> request("GET", "/v1.0/metadata", "X-Many: 1\r\n".repeat(300 + random.nextInt(300)), new byte[0]);
        };
    }

    private byte[] badFraming() {
        String[] heads = { "POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n[]",
                "POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n[]",
                "POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n[]",
                "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n", "HELLO\r\n\r\n",
                "GET /a b c HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n",
                "GET /v1.0/healthz HTTP/1.1\r\nHost: \r\n\r\n",
                "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: bogus\r\nContent-Length: 2\r\n\r\n[]",
                "GET /v1.0/healthz HTTP/1.1\r\n\r\n",
                "POST /v1.0/state/statestore HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n",
                "POST /v1.0/publish/pubsub/t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]XX0\r\n\r\n",
                "GET /v1.0/healthz HTTP/1.1\r\nHost: a\r\nX-Fold: a\r\n b\r\n\r\n",
                "GET /v1.0/healthz HTTP/9.9\r\nHost: a\r\n\r\n", "GET /v1.0/healthz HTTP/2.0\r\nHost: a\r\n\r\n" };
        // the server closes after refusing a head; a head it accepts is the last on the connection
        return heads[random.nextInt(heads.length)].replaceFirst("\r\n", "\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] request(String method, String path, String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + headers
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** 505 is the answer the issue asks for a version other than HTTP/1.0 and 1.1, as Go's server's. */
    private static boolean unsupportedVersion(byte[] request) {
        String line = new String(request, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        return line.endsWith(" HTTP/9.9") || line.endsWith(" HTTP/2.0");
    }

    /** Sends one request on a new connection and reads the answer (5 s for its first bytes). */
    private String exchange(byte[] request) throws IOException {
        return exchange(request, false);
    }

    private String exchange(byte[] request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(5_000);
            try {
                socket.getOutputStream().write(request);
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedMidway) {
                // the server may answer and close before reading all of an oversized request
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    answer.write(buf, 0, n);
                    socket.setSoTimeout(200);
                }
            } catch (SocketTimeoutException | SocketException doneOrReset) {
                // what came is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private byte[] flip(byte[] body) {
        byte[] copy = body.clone();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String show(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1);
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
