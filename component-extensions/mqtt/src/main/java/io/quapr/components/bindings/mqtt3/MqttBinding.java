package io.quapr.components.bindings.mqtt3;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.quapr.spi.Causes;
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
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.enterprise.context.Dependent;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@code bindings.mqtt3}: an MQTT 3.1.1 topic as daprd's MQTT binding uses it. {@code create}
 * publishes the data at QoS 1 to the component's {@code topic} (or the request metadata's
 * {@code topic}) with the component's {@code retain} flag, and answers once the broker
 * acknowledged it; the input side subscribes to {@code topic} at QoS 1 and hands each message to
 * the app with the metadata {@code topic}.
 *
 * <p>
 * As in daprd, publishing and subscribing use two connections, with the client ids
 * {@code <consumerID>-producer} and {@code <consumerID>-consumer}, both with {@code cleanSession}
 * (default false, so the broker keeps the subscription and queues messages while the sidecar is
 * away). A message is acknowledged (PUBACK) only after the app accepted it. An MQTT 3.1.1 broker
 * sends an unacknowledged message again only when the client reconnects, so daprd retries the
 * app itself, every 5 s, {@code backOffMaxRetries} times ({@code -1}: until accepted or stopped);
 * this component does the same. A message still refused after those retries stays
 * unacknowledged: the broker delivers it again on the next connection.
 */
@Dependent
@ComponentType(value = "bindings.mqtt3", aliases = "bindings.mqtt")
public class MqttBinding implements InputBinding, OutputBinding {

    private static final Logger LOG = Logger.getLogger(MqttBinding.class);

    /** daprd's wait for a connection, a subscription or a publish acknowledgement. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** daprd's constant back-off between two deliveries of a refused message. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /** daprd's publish retries (3, 200 ms apart), for races in its client's reconnection. */
    private static final int PUBLISH_RETRIES = 3;
    private static final Duration PUBLISH_RETRY_INTERVAL = Duration.ofMillis(200);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(20);
    /**
     * No size limit of the client's own (the broker enforces the protocol's 256 MiB): its default
     * refuses messages over 8 KiB, and Netty 4.1.133's MQTT decoder refuses any message whose
     * header arrives in two reads unless the limit is the largest int (netty/netty#16776).
     */
    private static final int MAX_MESSAGE_SIZE = Integer.MAX_VALUE;
    /** Unacknowledged publishes in flight on the producer connection (the client's default is 10). */
    private static final int MAX_INFLIGHT = 10_000;

    private volatile Settings settings;
    private volatile Vertx vertx;
    private volatile boolean sidecarRetries;
    private volatile boolean closed;
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    // guarded by this
    private Future<Producer> producer;

    /**
     * The component's metadata, read as daprd reads it.
     *
     * @param host the broker's host
     * @param port the broker's port
     * @param tls whether the URL asks for TLS ({@code ssl}, {@code mqtts}, {@code tcps},
     *        {@code tls})
     * @param username the URL's user, or {@code null}
     * @param password the URL's password, or {@code null}
     * @param topic the topic to publish to and subscribe to
     * @param clientId {@code consumerID}, the base of both connections' client ids
     * @param retain the retain flag of published messages
     * @param cleanSession the clean session flag of both connections
     * @param backOffMaxRetries how often a refused message is handed over again; {@code -1}
     *        without limit
     * @param caCert PEM certificate authorities to trust, or {@code null}
     * @param clientCert PEM client certificate, or {@code null}
     * @param clientKey PEM key of the client certificate, or {@code null}
     */
    record Settings(String host, int port, boolean tls, String username, String password, String topic,
            String clientId, boolean retain, boolean cleanSession, int backOffMaxRetries, String caCert,
            String clientCert, String clientKey) {

        /**
         * Reads and checks the metadata.
         *
         * @throws MetadataException worded as daprd's errors
         */
        static Settings from(ComponentMetadata md) {
            String url = md.get("url").orElseThrow(() -> new MetadataException("missing url"));
            String topic = md.get("topic").orElseThrow(() -> new MetadataException("missing topic"));
            String clientId = md.get("consumerID").orElseThrow(() -> new MetadataException("missing consumerID"));
            String caCert = pem(md, "caCert", "invalid ca certificate");
            String clientCert = pem(md, "clientCert", "invalid client certificate");
            String clientKey = pem(md, "clientKey", "invalid client certificate key");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new MetadataException("invalid url: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean tls = switch (scheme) {
                case "tcp", "mqtt" -> false;
                case "ssl", "mqtts", "tcps", "tls" -> true;
                default -> throw new MetadataException("unsupported url scheme '" + scheme
                        + "': use tcp:// (or mqtt://) or ssl:// (or mqtts://, tcps://, tls://)");
            };
            if (uri.getHost() == null) {
                throw new MetadataException("invalid url: no host");
            }
            int port = uri.getPort() > 0
                    ? uri.getPort()
                    : tls ? MqttClientOptions.DEFAULT_TSL_PORT : MqttClientOptions.DEFAULT_PORT;
            String username = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String info = uri.getRawUserInfo();
                int colon = info.indexOf(':');
                username = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
            }
            return new Settings(uri.getHost(), port, tls, username, password, topic, clientId,
                    md.bool("retain", false), md.bool("cleanSession", false), md.integer("backOffMaxRetries", 0),
                    caCert, clientCert, clientKey);
        }

        private static String pem(ComponentMetadata md, String key, String error) {
            String v = md.get(key).orElse(null);
            if (v != null && !(v.contains("-----BEGIN ") && v.contains("-----END "))) {
                throw new MetadataException(error);
            }
            return v;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        /** The options of one connection: manual acknowledgements, daprd's TLS settings. */
        MqttClientOptions options(String suffix) {
            MqttClientOptions o = new MqttClientOptions().setClientId(clientId + suffix).setCleanSession(cleanSession)
                    .setMaxMessageSize(MAX_MESSAGE_SIZE).setMaxInflightQueue(MAX_INFLIGHT)
                    .setAckTimeout((int) WAIT.toSeconds());
            o.setAutoAck(false);
            o.setConnectTimeout((int) WAIT.toMillis());
            if (username != null && !username.isEmpty()) {
                o.setUsername(username);
            }
            if (password != null && !password.isEmpty()) {
                o.setPassword(password);
            }
            if (tls) {
                o.setSsl(true);
                o.setHostnameVerificationAlgorithm("HTTPS");
                if (caCert != null) {
                    o.setPemTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caCert)));
                }
                if (clientCert != null && clientKey != null) {
                    o.setPemKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(clientCert))
                            .addKeyValue(Buffer.buffer(clientKey)));
                }
            }
            return o;
        }
    }

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public MqttBinding() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            settings = Settings.from(metadata);
            if (metadata.get("qos").isPresent()) {
                LOG.warnf("Component '%s': metadata property 'qos' has been deprecated and is ignored;"
                        + " qos is set to 1", metadata.componentName());
            }
            vertx = context.vertx();
            sidecarRetries = context.sidecarRetries();
            // as daprd: no connection yet; the producer connects on the first create, the consumer on read
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public List<String> operations() {
        return List.of("create");
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        String topic = request.metadata().getOrDefault("topic", "");
        String target = topic.isEmpty() ? settings.topic() : topic;
        Uni<InvokeResponse> once = Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException("mqtt client closed"));
            }
            return Uni.createFrom().completionStage(() -> producer().toCompletionStage())
                    .onFailure().transform(e -> new IllegalStateException(
                            "failed to create producer connection: " + Causes.describe(e), e))
                    .chain(p -> p.publish(target, request.data(), settings.retain()))
                    .replaceWith((InvokeResponse) null);
        });
        return sidecarRetries
                ? once
                : once.onFailure().retry().withBackOff(PUBLISH_RETRY_INTERVAL, PUBLISH_RETRY_INTERVAL)
                        .withJitter(0).atMost(PUBLISH_RETRIES);
    }

    /** The producer connection, made on first use and again after it was lost. */
    private synchronized Future<Producer> producer() {
        if (producer == null || producer.failed()) {
            Producer p = new Producer(MqttClient.create(vertx, settings.options("-producer")));
            producer = p.connect();
        }
        return producer;
    }

    private synchronized void producerLost(Producer lost) {
        if (producer != null && producer.succeeded() && producer.result() == lost) {
            producer = null;
        }
    }

    /** The producer connection and the publishes it waits on the broker's PUBACK for. */
    private final class Producer {

        private final MqttClient client;
        private final Map<Integer, Promise<Void>> pending = new ConcurrentHashMap<>();
        /**
         * PUBACKs that came before their publish's packet id was known: the PUBACK is handled on
         * the event loop, the publish's future may complete on the caller's thread.
         */
        private final Set<Integer> early = ConcurrentHashMap.newKeySet();
        private volatile boolean disconnecting;

        Producer(MqttClient client) {
            this.client = client;
        }

        Future<Producer> connect() {
            client.publishCompletionHandler(this::acknowledged);
            client.publishCompletionExpirationHandler(id -> {
                Promise<Void> p = pending.remove(id);
                if (p != null) {
                    p.tryFail("mqtt client timeout");
                }
            });
            client.closeHandler(v -> {
                if (!disconnecting) {
                    LOG.errorf("Connection with broker with client ID '%s' lost", client.clientId());
                }
                producerLost(this);
                pending.values().forEach(p -> p.tryFail("connection lost"));
                pending.clear();
            });
            client.exceptionHandler(e -> LOG.warnf("MQTT producer: %s", Causes.describe(e)));
            return client.connect(settings.port(), settings.host()).map(this)
                    .recover(e -> Future.failedFuture(new IllegalStateException("failed to connect: "
                            + Causes.describe(e), e)));
        }

        /** The broker's PUBACK; it may come before the publish's packet id reached {@link #sent}. */
        private synchronized void acknowledged(int id) {
            Promise<Void> p = pending.remove(id);
            if (p != null) {
                p.tryComplete();
            } else {
                early.add(id);
            }
        }

        /** The publish left with this packet id; it now waits for the PUBACK, unless that came already. */
        private synchronized void sent(int id, Promise<Void> acked) {
            if (early.remove(id)) {
                acked.tryComplete();
            } else {
                pending.put(id, acked);
            }
        }

        Uni<Void> publish(String topic, byte[] data, boolean retain) {
            Promise<Void> acked = Promise.promise();
            client.publish(topic, Buffer.buffer(data), MqttQoS.AT_LEAST_ONCE, false, retain)
                    .onSuccess(id -> sent(id, acked)).onFailure(acked::tryFail);
            return Uni.createFrom().completionStage(() -> acked.future().toCompletionStage())
                    .ifNoItem().after(WAIT.plusSeconds(1))
                    .failWith(() -> new IllegalStateException("mqtt client timeout"))
                    .onFailure()
                    .transform(e -> new IllegalStateException("failed to publish: " + Causes.describe(e), e));
        }

        Future<Void> disconnect() {
            disconnecting = true;
            return client.isConnected() ? client.disconnect() : Future.succeededFuture();
        }
    }

    @Override
    public Uni<InputReader> read(InputHandler handler) {
        return Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException("error: binding is closed"));
            }
            Subscription s = new Subscription(handler);
            if (!subscription.compareAndSet(null, s)) {
                return Uni.createFrom().failure(new IllegalStateException("the subscription is already active"));
            }
            LOG.infof("Subscribing to topic %s (qos: 1)", settings.topic());
            return Uni.createFrom().completionStage(() -> s.connect().toCompletionStage())
                    .onFailure().call(e -> s.stop())
                    .replaceWith((InputReader) s);
        });
    }

    /**
     * The consumer connection: subscribes on every connection, hands messages over, and comes
     * back after a lost connection (with the same client id, so the broker resends what was not
     * acknowledged) until stopped.
     */
    private final class Subscription implements InputReader {

        private final InputHandler handler;
        private volatile boolean stopped;
        private volatile MqttClient client;
        private volatile long reconnectTimer = -1;
        /** At most one reconnection waits at a time: two clients with one id would evict each other. */
        private final AtomicBoolean reconnectPending = new AtomicBoolean();
        private volatile long reconnectDelayMillis = 1000;

        Subscription(InputHandler handler) {
            this.handler = handler;
        }

        Future<Void> connect() {
            MqttClient c = MqttClient.create(vertx, settings.options("-consumer"));
            client = c;
            // set before connecting: a kept session's queued messages come right after CONNACK
            c.publishHandler(m -> received(c, m));
            c.exceptionHandler(e -> LOG.warnf("MQTT consumer: %s", Causes.describe(e)));
            c.closeHandler(v -> {
                // only the current connection counts: an earlier one's late close changes nothing
                if (!stopped && c == client) {
                    LOG.errorf("Connection with broker with client ID '%s' lost", c.clientId());
                    scheduleReconnect();
                }
            });
            return c.connect(settings.port(), settings.host())
                    .recover(e -> Future.failedFuture(new IllegalStateException("failed to connect: "
                            + Causes.describe(e), e)))
                    .compose(ack -> c.subscribe(settings.topic(), MqttQoS.AT_LEAST_ONCE.value()))
                    .<Void>mapEmpty()
                    .onSuccess(v -> reconnectDelayMillis = 1000);
        }

        private void scheduleReconnect() {
            if (!reconnectPending.compareAndSet(false, true)) {
                return;
            }
            long delay = reconnectDelayMillis;
            reconnectDelayMillis = Math.min(delay * 2, MAX_RECONNECT_DELAY.toMillis());
            reconnectTimer = vertx.setTimer(delay, t -> {
                reconnectPending.set(false);
                if (stopped) {
                    return;
                }
                LOG.infof("Attempting to reconnect to broker with client ID '%s-consumer'", settings.clientId());
                connect().onFailure(e -> {
                    LOG.errorf("MQTT reconnection failed: %s", Causes.describe(e));
                    if (!stopped) {
                        scheduleReconnect();
                    }
                });
            });
        }

        /**
         * Hands a message to the app, again every 5 s while it is refused and retries remain, and
         * acknowledges it once accepted.
         */
        private void received(MqttClient from, MqttPublishMessage m) {
            if (stopped) {
                return;
            }
            InputEvent event = new InputEvent(m.payload().getBytes(), Map.of("topic", m.topicName()));
            Uni<byte[]> attempt = Uni.createFrom().deferred(() -> stopped
                    ? Uni.createFrom().failure(new StoppedException())
                    : handler.handle(event));
            int retries = settings.backOffMaxRetries();
            Uni<byte[]> delivery = attempt;
            if (retries != 0) {
                var retry = attempt.onFailure(e -> !(e instanceof StoppedException)).invoke(e -> LOG.errorf(
                        "Error processing MQTT message: %s/%d. Retrying…", m.topicName(), m.messageId()))
                        .onFailure(e -> !(e instanceof StoppedException)).retry()
                        .withBackOff(RETRY_INTERVAL, RETRY_INTERVAL).withJitter(0);
                delivery = retries < 0 ? retry.indefinitely() : retry.atMost(retries);
            }
            delivery.subscribe().with(answer -> {
                // on the connection the message came on only: a new one gets it again anyway
                if (m.qosLevel() != MqttQoS.AT_MOST_ONCE && from == client && from.isConnected()) {
                    m.ack();
                }
            }, e -> {
                if (!(e instanceof StoppedException)) {
                    LOG.errorf("Failed processing MQTT message: %s/%d: %s", m.topicName(), m.messageId(),
                            Causes.describe(e));
                }
            });
        }

        @Override
        public Uni<Void> stop() {
            return Uni.createFrom().deferred(() -> {
                stopped = true;
                long timer = reconnectTimer;
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                MqttClient c = client;
                // as daprd: disconnect without unsubscribing, so that the broker keeps the session
                Future<Void> done = c != null && c.isConnected() ? c.disconnect() : Future.succeededFuture();
                return Uni.createFrom().completionStage(() -> done.toCompletionStage())
                        .onFailure().recoverWithNull()
                        .invoke(() -> subscription.compareAndSet(this, null));
            });
        }
    }

    /** A delivery abandoned because its reader was stopped: not the app's refusal. */
    private static final class StoppedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoppedException() {
            super("the subscription was stopped", null, false, false);
        }
    }

    @Override
    public Uni<Void> close() {
        closed = true;
        Subscription s = subscription.get();
        Uni<Void> stopped = s == null ? Uni.createFrom().voidItem() : s.stop();
        Future<Producer> p;
        synchronized (this) {
            p = producer;
            producer = null;
        }
        Uni<Void> disconnected = p == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(() -> p.compose(Producer::disconnect).toCompletionStage())
                        .onFailure().recoverWithNull();
        return stopped.chain(() -> disconnected);
    }
}
