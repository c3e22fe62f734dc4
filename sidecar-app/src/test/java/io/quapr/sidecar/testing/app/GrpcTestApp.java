package io.quapr.sidecar.testing.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.BulkSubscribeConfig;
import io.dapr.v1.DaprAppCallbackProtos.ListInputBindingsResponse;
import io.dapr.v1.DaprAppCallbackProtos.ListTopicSubscriptionsResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequestEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponseEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventCERequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicRoutes;
import io.dapr.v1.DaprAppCallbackProtos.TopicRule;
import io.dapr.v1.DaprAppCallbackProtos.TopicSubscription;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServiceBridge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC app ({@code AppCallback}) for the tests, on a free port: it subscribes to
 * {@code grpc-orders} (a rule for urgent events, a default route, a dead-letter topic) and
 * {@code grpc-dlq}, records every event with its headers, and answers as the event's data says
 * ({@code ok}, {@code drop}, {@code retry-then-ok}).
 */
public final class GrpcTestApp {

    private static final List<Received> EVENTS = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    private static final Context.Key<Map<String, String>> HEADERS = Context.key("headers");

    private static Vertx vertx;
    private static HttpServer server;

    private GrpcTestApp() {
    }

    /**
     * One event the app received.
     *
     * @param request the request
     * @param headers its gRPC headers
     */
    public record Received(TopicEventRequest request, Map<String, String> headers) {
    }

    /** Starts the app on a free port (once) and returns the port. */
    public static synchronized int start() {
        if (server != null) {
            return server.actualPort();
        }
        vertx = Vertx.vertx();
        GrpcServer grpc = GrpcServer.server(vertx);
        GrpcServiceBridge.bridge(ServerInterceptors.intercept(new App(), new HeaderCapture())).bind(grpc);
        server = vertx.createHttpServer().requestHandler(grpc).listen(0).toCompletionStage().toCompletableFuture()
                .join();
        return server.actualPort();
    }

    /** Waits for an event on a path with the given data. */
    public static Received await(String path, String data) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            for (Received r : EVENTS) {
                if (r.request().getPath().equals(path) && r.request().getData().toStringUtf8().equals(data)) {
                    return r;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no event on " + path + " with data " + data + "; got " + EVENTS.stream()
                .map(r -> r.request().getPath() + " " + r.request().getData().toStringUtf8()).toList());
    }

    /** Every event with the given data. */
    public static List<Received> events(String data) {
        return EVENTS.stream().filter(r -> r.request().getData().toStringUtf8().equals(data)).toList();
    }

    /** The input binding events the app received, in order. */
    public static final List<BindingEventRequest> BINDING_EVENTS = new CopyOnWriteArrayList<>();

    /** The input binding events with the given data. */
    public static List<BindingEventRequest> bindingEvents(String data) {
        return BINDING_EVENTS.stream().filter(r -> r.getData().toStringUtf8().equals(data)).toList();
    }

    private static final class App extends AppCallbackGrpc.AppCallbackImplBase {

        @Override
        public void listInputBindings(Empty request, StreamObserver<ListInputBindingsResponse> out) {
            out.onNext(ListInputBindingsResponse.newBuilder().addBindings("queue").build());
            out.onCompleted();
        }

        /**
         * Records the event and answers as its data says: {@code fail-once} fails the first
         * attempt with UNAVAILABLE, {@code forward} names the {@code outbox} binding in {@code to};
         * the answer's data is {@code got:<data>}.
         */
        @Override
        public void onBindingEvent(BindingEventRequest request, StreamObserver<BindingEventResponse> out) {
            BINDING_EVENTS.add(request);
            String data = request.getData().toStringUtf8();
            int attempt = ATTEMPTS.computeIfAbsent("binding:" + data, k -> new AtomicInteger()).incrementAndGet();
            if (data.startsWith("fail-once") && attempt == 1) {
                out.onError(Status.UNAVAILABLE.withDescription("not now").asRuntimeException());
                return;
            }
            BindingEventResponse.Builder answer = BindingEventResponse.newBuilder()
                    .setData(ByteString.copyFromUtf8("got:" + data));
            if (data.startsWith("forward")) {
                answer.addTo("outbox");
            }
            out.onNext(answer.build());
            out.onCompleted();
        }

        @Override
        public void listTopicSubscriptions(Empty request, StreamObserver<ListTopicSubscriptionsResponse> out) {
            out.onNext(ListTopicSubscriptionsResponse.newBuilder()
                    .addSubscriptions(TopicSubscription.newBuilder().setPubsubName("pubsub").setTopic("grpc-orders")
                            .setDeadLetterTopic("grpc-dlq").setRoutes(TopicRoutes.newBuilder()
                                    .addRules(TopicRule.newBuilder().setMatch("event.type == 'urgent'")
                                            .setPath("urgent"))
                                    .setDefault("orders")))
                    .addSubscriptions(TopicSubscription.newBuilder().setPubsubName("pubsub").setTopic("grpc-dlq"))
                    .addSubscriptions(TopicSubscription.newBuilder().setPubsubName("pubsub").setTopic("grpc-bulk")
                            .setDeadLetterTopic("grpc-dlq").setRoutes(TopicRoutes.newBuilder().setDefault("bulk"))
                            .setBulkSubscribe(BulkSubscribeConfig.newBuilder().setEnabled(true)
                                    .setMaxMessagesCount(2).setMaxAwaitDurationMs(100)))
                    .build());
            out.onCompleted();
        }

        @Override
        public void onBulkTopicEvent(TopicEventBulkRequest request, StreamObserver<TopicEventBulkResponse> out) {
            TopicEventBulkResponse.Builder answer = TopicEventBulkResponse.newBuilder();
            for (TopicEventBulkRequestEntry e : request.getEntriesList()) {
                TopicEventCERequest ce = e.getCloudEvent();
                EVENTS.add(new Received(TopicEventRequest.newBuilder().setId(ce.getId()).setPath(request.getPath())
                        .setTopic(request.getTopic()).setData(ce.getData()).build(), HEADERS.get()));
                answer.addStatuses(TopicEventBulkResponseEntry.newBuilder().setEntryId(e.getEntryId())
                        .setStatus(ce.getData().toStringUtf8().startsWith("drop")
                                ? TopicEventResponse.TopicEventResponseStatus.DROP
                                : TopicEventResponse.TopicEventResponseStatus.SUCCESS));
            }
            out.onNext(answer.build());
            out.onCompleted();
        }

        @Override
        public void onTopicEvent(TopicEventRequest request, StreamObserver<TopicEventResponse> out) {
            EVENTS.add(new Received(request, HEADERS.get()));
            String data = request.getData().toStringUtf8();
            int attempt = ATTEMPTS.computeIfAbsent(request.getId(), k -> new AtomicInteger()).incrementAndGet();
            TopicEventResponse.TopicEventResponseStatus status = request.getTopic().equals("grpc-dlq")
                    ? TopicEventResponse.TopicEventResponseStatus.SUCCESS
                    : data.startsWith("drop")
                            ? TopicEventResponse.TopicEventResponseStatus.DROP
                            : data.startsWith("retry-then-ok") && attempt == 1
                                    ? TopicEventResponse.TopicEventResponseStatus.RETRY
                                    : TopicEventResponse.TopicEventResponseStatus.SUCCESS;
            out.onNext(TopicEventResponse.newBuilder().setStatus(status).build());
            out.onCompleted();
        }
    }

    /** Puts the call's headers into the gRPC context, for the service to record. */
    private static final class HeaderCapture implements ServerInterceptor {

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            Map<String, String> map = new TreeMap<>();
            for (String key : headers.keys()) {
                if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    map.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
                }
            }
            return Contexts.interceptCall(Context.current().withValue(HEADERS, map), call, headers, next);
        }
    }
}
