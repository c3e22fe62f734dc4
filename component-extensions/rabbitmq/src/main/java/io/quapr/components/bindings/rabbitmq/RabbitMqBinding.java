package io.quapr.components.bindings.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;
import io.quapr.components.rabbitmq.BrokerAddress;
import io.quapr.components.rabbitmq.Errors;
import io.quapr.components.rabbitmq.Outgoing;
import io.quapr.components.rabbitmq.Publisher;
import io.quapr.components.rabbitmq.QueueSubscription;
import io.quapr.components.rabbitmq.RabbitMqSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputHandler;
import io.quapr.spi.bindings.InputReader;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import jakarta.enterprise.context.Dependent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code bindings.rabbitmq}: one RabbitMQ queue ({@code queueName}) as an input and output
 * binding, as daprd's, on the module's shared connection code.
 *
 * <p>
 * The queue is declared as daprd declares it (durable, auto-delete and exclusive as
 * {@code durable}, {@code deleteWhenUnused} and {@code exclusive} say; {@code x-message-ttl} from
 * the component's {@code ttlInSeconds}, {@code x-max-priority} from {@code maxPriority}) by every
 * new connection, so a broker restart or a deleted queue heals itself. Output {@code create}
 * publishes the data to the queue through the default exchange, persistent, with content type
 * {@code contentType} (request metadata, else the component's, else {@code text/plain}),
 * expiration from request metadata {@code ttlInSeconds} and priority from {@code priority}, and
 * every request metadata entry as a header; it completes when the broker confirmed the message.
 * Input: each message is handed to the app (the data as it is, the headers as metadata) and
 * acknowledged once the app took it; a message it refused is nacked and requeued, so it comes
 * again. Each reader has its own connection and reconnects after {@code reconnectWaitInSeconds},
 * doubling after each failed attempt.
 *
 * <p>
 * Not done: TLS client certificates and external SASL ({@code caCert}, {@code clientCert},
 * {@code clientKey}, {@code externalSasl}: init fails when they are set); an {@code amqps} URL
 * with the JVM's trust store works. With {@code exclusive}, only a reader's connection declares
 * the queue (an exclusive queue belongs to one connection, and publishing has its own), so a
 * message created while no reader runs has no queue to go to and is dropped by the broker.
 */
@ComponentType("bindings.rabbitmq")
@Dependent
public class RabbitMqBinding implements InputBinding, OutputBinding {

    /** daprd's wait before reconnecting. */
    static final Duration DEFAULT_RECONNECT_WAIT = Duration.ofSeconds(5);

    private static final Set<String> NOT_IMPLEMENTED = Set.of("caCert", "clientCert", "clientKey");

    private final Set<QueueSubscription> readers = ConcurrentHashMap.newKeySet();
    private Vertx vertx;
    private String name;
    private String queue;
    private boolean exclusive;
    private String contentType;
    private JsonObject queueArgs;
    private RabbitMqSettings settings;
    private Publisher publisher;
    private volatile boolean closed;

    /** Made by CDI; {@link #init} configures it. */
    public RabbitMqBinding() {
    }

    /** Checks the metadata, then connects and declares the queue: init fails when the broker cannot be reached. */
    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            vertx = context.vertx();
            name = metadata.componentName();
            queue = metadata.get("queueName")
                    .orElseThrow(() -> new MetadataException("rabbitMQ binding error: missing queue Name"));
            BrokerAddress address = BrokerAddress.parse(metadata.get("host")
                    .orElseThrow(() -> new MetadataException("rabbitMQ binding error: missing host address")));
            for (String key : NOT_IMPLEMENTED) {
                if (metadata.get(key).isPresent()) {
                    throw new MetadataException("metadata '" + key + "' is not supported by this sidecar's"
                            + " bindings.rabbitmq yet: TLS client certificates are not implemented");
                }
            }
            if (metadata.bool("externalSasl", false)) {
                throw new MetadataException("metadata 'externalSasl' is not supported by this sidecar's"
                        + " bindings.rabbitmq yet");
            }
            exclusive = metadata.bool("exclusive", false);
            contentType = metadata.string("contentType", "text/plain");
            queueArgs = queueArgs(metadata);
            int prefetch = metadata.integer("prefetchCount", 0);
            if (prefetch < 0 || prefetch > 65535) {
                throw new MetadataException("rabbitMQ binding error: prefetchCount must be between 0 and 65535, not "
                        + prefetch);
            }
            settings = RabbitMqSettings.forQueue(address, metadata.bool("durable", false),
                    metadata.bool("deleteWhenUnused", false), prefetch, reconnectWait(metadata));
            // an exclusive queue would belong to the publishing connection and no reader could consume it
            publisher = new Publisher(vertx, settings,
                    client -> exclusive ? Future.succeededFuture() : declare(client));
            return uni(publisher::start);
        });
    }

    /** daprd's queue arguments: the component's {@code ttlInSeconds} and {@code maxPriority}. */
    private static JsonObject queueArgs(ComponentMetadata md) {
        JsonObject args = new JsonObject();
        md.get("ttlInSeconds").ifPresent(v -> args.put("x-message-ttl", ttl(v).toMillis()));
        md.get("maxPriority").ifPresent(v -> {
            long p;
            try {
                p = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new MetadataException("rabbitMQ binding error: can't parse maxPriority field: " + v);
            }
            if (p < 0) {
                throw new MetadataException("rabbitMQ binding error: can't parse maxPriority field: " + v);
            }
            args.put("x-max-priority", (int) Math.min(p, 255));
        });
        return args;
    }

    /**
     * daprd's {@code reconnectWaitInSeconds} (its code has also read {@code reconnectWaitSeconds}):
     * a whole number of seconds; a Go duration is taken too.
     */
    private static Duration reconnectWait(ComponentMetadata md) {
        String key = md.get("reconnectWaitInSeconds").isPresent() ? "reconnectWaitInSeconds" : "reconnectWaitSeconds";
        Duration wait = md.duration(key, DEFAULT_RECONNECT_WAIT);
        if (wait.isNegative() || wait.isZero()) {
            throw new MetadataException("rabbitMQ binding error: " + key + " must be positive");
        }
        return wait;
    }

    private Future<Void> declare(RabbitMQClient client) {
        return client.queueDeclare(queue, settings.durable(), exclusive, settings.deleteWhenUnused(), queueArgs)
                .<Void>mapEmpty()
                .recover(err -> Future.failedFuture(new IllegalStateException(
                        "cannot declare queue '" + queue + "': " + Errors.message(err), err)));
    }

    @Override
    public List<String> operations() {
        return List.of("create");
    }

    /** {@code create}: publishes the data to the queue and completes once the broker confirmed it. */
    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        return Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException("the component is closed"));
            }
            Outgoing message = new Outgoing("", queue, properties(request.metadata(), contentType), request.data());
            return uni(() -> publisher.publish(message)).replaceWith((InvokeResponse) null);
        });
    }

    /**
     * daprd's publishing for a binding: persistent; content type, expiration and priority from
     * the request metadata; every metadata entry as a header.
     *
     * @param md the request metadata
     * @param defaultContentType the component's {@code contentType}, for a request without one
     *
     * @throws IllegalArgumentException for a {@code ttlInSeconds} or {@code priority} that is not
     *         a number, with daprd's wording
     */
    static AMQP.BasicProperties properties(Map<String, String> md, String defaultContentType) {
        AMQP.BasicProperties.Builder p = new AMQP.BasicProperties.Builder().deliveryMode(2);
        p.contentType(nonEmpty(md, "contentType").orElse(defaultContentType));
        nonEmpty(md, "ttlInSeconds").ifPresent(v -> p.expiration(Long.toString(requestTtl(v).toMillis())));
        nonEmpty(md, "priority").ifPresent(v -> p.priority(priority(v)));
        if (!md.isEmpty()) {
            p.headers(new LinkedHashMap<>(md));
        }
        return p.build();
    }

    private static Optional<String> nonEmpty(Map<String, String> md, String key) {
        String v = md.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** Dapr's {@code ttlInSeconds}: a whole number of seconds above zero. */
    private static Duration ttl(String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new MetadataException("ttlInSeconds value must be a valid integer: actual is '" + value + "'");
        }
        if (seconds <= 0) {
            throw new MetadataException("ttlInSeconds value must be higher than zero: actual is '" + seconds + "'");
        }
        return Duration.ofSeconds(seconds);
    }

    private static Duration requestTtl(String value) {
        try {
            return ttl(value);
        } catch (MetadataException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Dapr's {@code priority}: a whole number, clamped to 0..255. */
    private static int priority(String value) {
        try {
            return (int) Math.max(0, Math.min(255, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("priority value must be a valid integer: actual is '" + value + "'");
        }
    }

    /** Starts a consumer of the queue on a connection of its own. */
    @Override
    public Uni<InputReader> read(InputHandler handler) {
        return Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException("the component is closed"));
            }
            QueueSubscription s = new QueueSubscription(vertx, settings, queue, "binding '" + name + "'",
                    this::declareForReading, m -> handler.handle(event(m)));
            return uni(s::start).chain(v -> {
                readers.add(s);
                if (closed) {
                    // close() ran while this reader was connecting
                    readers.remove(s);
                    return s.cancel().chain(() -> Uni.createFrom()
                            .failure(new IllegalStateException("the component is closed")));
                }
                return Uni.createFrom().item((InputReader) () -> s.cancel().invoke(() -> readers.remove(s)));
            });
        });
    }

    private Future<Void> declareForReading(RabbitMQClient client) {
        Future<Void> declared = declare(client);
        return settings.prefetchCount() > 0
                ? declared.compose(v -> client.basicQos(0, settings.prefetchCount(), false))
                : declared;
    }

    /** The message's data, and its headers as metadata (text as text, other values as their string form). */
    static InputEvent event(RabbitMQMessage m) {
        Map<String, String> md = new LinkedHashMap<>();
        BasicProperties p = m.properties();
        if (p != null && p.getHeaders() != null) {
            p.getHeaders().forEach((k, v) -> {
                if (v != null) {
                    md.put(k, v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v));
                }
            });
        }
        return new InputEvent(m.body().getBytes(), md);
    }

    /** Stops every reader (the broker requeues what is in flight), then the publisher. */
    @Override
    public Uni<Void> close() {
        closed = true;
        List<Uni<Void>> closing = new ArrayList<>();
        readers.forEach(s -> closing.add(s.cancel()));
        readers.clear();
        if (publisher != null) {
            closing.add(uni(publisher::close));
        }
        return closing.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(closing).andCollectFailures().replaceWithVoid();
    }

    private static <T> Uni<T> uni(Supplier<Future<T>> work) {
        return Uni.createFrom().completionStage(() -> work.get().toCompletionStage());
    }
}
