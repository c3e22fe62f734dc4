package io.quapr.testsupport.aws.sns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * TEST-ONLY stand-in for Amazon SNS. No SNS server can be had on the test machines (ElasticMQ is
 * SQS only), so the tests of {@code pubsub.aws.snssqs} (the component module's and the
 * end-to-end ones) run against this: an HTTP server on loopback that speaks the
 * SNS query API for the calls {@code pubsub.aws.snssqs} makes, answers them in SNS's XML shapes
 * (which the AWS SDK for Java v2 parses), and forwards each publish to the SQS queues subscribed
 * to the topic, in ElasticMQ, as SNS does ({@link StandInTopics}). It is not SNS, and nothing in
 * the component depends on it.
 *
 * <p>
 * One endpoint serves SNS, SQS and STS, as AWS emulators do and as daprd's single
 * {@code endpoint} needs: requests carrying {@code X-Amz-Target: AmazonSQS.*} (the SDK's SQS JSON
 * protocol) are passed to ElasticMQ unchanged; form posts are SNS actions, or STS's
 * {@code GetCallerIdentity}. Signatures are not checked. State lives in memory for the life of
 * the stand-in.
 *
 * <p>
 * It lives in its own artifact, {@code quapr-aws-test-support}, which modules take in test scope
 * only: it is never on the sidecar's runtime classpath.
 */
public final class SnsStandIn implements AutoCloseable {

    /** The account id in every ARN the stand-in writes. */
    public static final String ACCOUNT = "000000000000";
    /** The region in every ARN the stand-in writes. */
    public static final String REGION = "us-east-1";

    private static final String SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    // headers the JDK client sets itself and refuses to be given
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI sqsBackend;
    private final StandInTopics topics;
    private final StandInQueuePolicies policies = new StandInQueuePolicies();

    /** Listens on {@code port} of 127.0.0.1 (0: any free port), forwarding to ElasticMQ at {@code sqsBackend}. */
    public SnsStandIn(int port, URI sqsBackend) throws IOException {
        this.sqsBackend = sqsBackend;
        this.topics = new StandInTopics(sqsBackend, policies);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The endpoint to give clients: SNS, SQS and STS. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The topics, subscriptions and delivery counts. */
    public StandInTopics topics() {
        return topics;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null && target.startsWith("AmazonSQS.")) {
                proxySqs(exchange, target.substring("AmazonSQS.".length()), body);
                return;
            }
            Map<String, String> form = form(exchange.getRequestURI().getRawQuery());
            form.putAll(form(new String(body, StandardCharsets.UTF_8)));
            String action = form.getOrDefault("Action", "");
            if ("GetCallerIdentity".equals(action)) {
                respond(exchange, 200, xml(action, STS_NS, "<Arn>arn:aws:iam::" + ACCOUNT
                        + ":user/stand-in</Arn><UserId>STANDIN</UserId><Account>" + ACCOUNT + "</Account>"));
                return;
            }
            try {
                respond(exchange, 200, xml(action, SNS_NS, topics.act(action, form)));
            } catch (StandInTopics.SnsError e) {
                respond(exchange, e.status(), "<ErrorResponse xmlns=\"" + SNS_NS + "\"><Error><Type>Sender</Type><Code>"
                        + e.code() + "</Code><Message>" + escape(e.getMessage()) + "</Message></Error><RequestId>"
                        + UUID.randomUUID() + "</RequestId></ErrorResponse>");
            }
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 500, "<ErrorResponse xmlns=\"" + SNS_NS + "\"><Error><Type>Receiver</Type><Code>"
                    + "InternalError</Code><Message>" + escape(String.valueOf(e)) + "</Message></Error><RequestId>"
                    + UUID.randomUUID() + "</RequestId></ErrorResponse>");
        }
    }

    /**
     * Passes an SQS JSON-protocol request to ElasticMQ and its answer back, unchanged but for the
     * queue policies ElasticMQ does not keep ({@link StandInQueuePolicies}).
     */
    private void proxySqs(HttpExchange exchange, String action, byte[] body) throws IOException, InterruptedException {
        policies.request(action, body);
        HttpRequest.Builder request = HttpRequest.newBuilder(sqsBackend.resolve(exchange.getRequestURI().getRawPath()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = policies.response(action, body, response.statusCode(), response.body());
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /** A query-protocol answer: the result, then the metadata (the SDK reads them in this order). */
    private static String xml(String action, String namespace, String result) {
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>";
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** XML text with the five special characters escaped. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    /** An {@code application/x-www-form-urlencoded} body or query string. */
    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            values.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        topics.close();
    }
}
