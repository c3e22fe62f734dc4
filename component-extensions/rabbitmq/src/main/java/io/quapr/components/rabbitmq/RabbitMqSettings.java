package io.quapr.components.rabbitmq;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The component's metadata, parsed and checked once at init, with daprd's defaults and daprd's
 * refusals (a delivery mode above 2, an unknown exchange kind, a protocol that contradicts the
 * connection string).
 *
 * @param address the broker
 * @param consumerId the queue name prefix ({@code consumerID}, else the app id); may be empty
 * @param durable durable exchanges and queues
 * @param deleteWhenUnused auto-delete exchanges and queues
 * @param autoAck let the broker consider a message done once sent
 * @param requeueInFailure requeue a message the sidecar could not take, rather than drop or
 *        dead-letter it
 * @param deliveryMode 0 (unset), 1 (transient) or 2 (persistent)
 * @param prefetchCount unacknowledged messages per subscription; 0 is no limit
 * @param reconnectWait the first wait before reconnecting, doubled on each failed attempt
 * @param maxLen the queue length limit, 0 for none
 * @param maxLenBytes the queue size limit in bytes, 0 for none
 * @param exchangeKind fanout, topic, direct or headers
 * @param clientName the connection name shown by the broker; empty for the default
 * @param heartbeat the requested heartbeat
 * @param publisherConfirm wait for the broker's confirm before a publish completes
 * @param enableDeadLetter declare a dead-letter exchange and queue per subscription
 * @param single deliver one message at a time instead of in parallel
 * @param defaultTtl the expiration for messages published without a ttl, if any
 * @param propertiesToMetadata expose AMQP properties and headers as message metadata
 */
public record RabbitMqSettings(BrokerAddress address, String consumerId, boolean durable, boolean deleteWhenUnused,
        boolean autoAck, boolean requeueInFailure, int deliveryMode, int prefetchCount, Duration reconnectWait,
        long maxLen, long maxLenBytes, String exchangeKind, String clientName, Duration heartbeat,
        boolean publisherConfirm, boolean enableDeadLetter, boolean single, Optional<Duration> defaultTtl,
        boolean propertiesToMetadata) {

    /** The exchange kinds RabbitMQ knows and daprd accepts. */
    static final Set<String> EXCHANGE_KINDS = Set.of("fanout", "topic", "direct", "headers");

    /** How long to wait for a TCP connection and the AMQP handshake. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Parses and checks the bound metadata; the app id is the default consumer id. */
    public static RabbitMqSettings from(ComponentMetadata md, ComponentContext context) {
        int deliveryMode = md.integer("deliveryMode", 0);
        if (deliveryMode < 0 || deliveryMode > 2) {
            throw new MetadataException("invalid RabbitMQ delivery mode " + deliveryMode
                    + ": deliveryMode must be 0, 1 or 2");
        }
        String kind = md.string("exchangeKind", "fanout");
        if (!EXCHANGE_KINDS.contains(kind)) {
            throw new MetadataException("invalid RabbitMQ exchange kind '" + kind + "': exchangeKind must be one of "
                    + EXCHANGE_KINDS);
        }
        int prefetch = md.integer("prefetchCount", 0);
        if (prefetch < 0 || prefetch > 65535) {
            throw new MetadataException("prefetchCount must be between 0 and 65535, not " + prefetch);
        }
        Duration wait = md.duration("reconnectWaitSeconds", Duration.ofSeconds(3));
        if (wait.isNegative() || wait.isZero()) {
            throw new MetadataException("reconnectWaitSeconds must be positive");
        }
        return new RabbitMqSettings(address(md), md.string("consumerID", context.appId()),
                md.bool("durable", true), md.bool("deletedWhenUnused", true), md.bool("autoAck", false),
                md.bool("requeueInFailure", true), deliveryMode, prefetch, wait, md.longValue("maxLen", 0),
                md.longValue("maxLenBytes", 0), kind, md.string("clientName", ""),
                md.duration("heartBeat", Duration.ofSeconds(10)), md.bool("publisherConfirm", true),
                md.bool("enableDeadLetter", false), single(md), defaultTtl(md),
                md.bool("publishMessagePropertiesToMetadata", false));
    }

    /**
     * Settings for one queue of a {@code bindings.rabbitmq} component: what the shared
     * {@link Publisher} and {@link QueueSubscription} read, with everything exchange-related off.
     * Messages are persistent (delivery mode 2) and publishes confirmed; a message the app
     * refused is requeued.
     *
     * @param address the broker
     * @param durable durable queue
     * @param deleteWhenUnused auto-delete queue
     * @param prefetchCount unacknowledged messages the consumer holds; 0 is no limit
     * @param reconnectWait the first wait before reconnecting, doubled on each failed attempt
     */
    public static RabbitMqSettings forQueue(BrokerAddress address, boolean durable, boolean deleteWhenUnused,
            int prefetchCount, Duration reconnectWait) {
        return new RabbitMqSettings(address, "", durable, deleteWhenUnused, false, true, 2, prefetchCount,
                reconnectWait, 0, 0, "direct", "", Duration.ofSeconds(10), true, false, false, Optional.empty(),
                false);
    }

    /** Connection options for one connection; the component reconnects itself, so the client must not. */
    RabbitMQOptions options(String connectionName) {
        RabbitMQOptions o = new RabbitMQOptions().setHost(address.host()).setPort(address.port())
                .setUser(address.username()).setPassword(address.password()).setVirtualHost(address.virtualHost())
                .setConnectionName(connectionName).setRequestedHeartbeat((int) heartbeat.toSeconds())
                .setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setHandshakeTimeout((int) CONNECT_TIMEOUT.toMillis()).setReconnectAttempts(0)
                .setAutomaticRecoveryEnabled(false);
        if (address.tls()) {
            o.setSsl(true);
        }
        return o;
    }

    /** The connection name for a connection with this role ({@code publisher}, a queue name). */
    String connectionName(String role) {
        return (clientName.isEmpty() ? "quapr" : clientName) + " " + role;
    }

    private static BrokerAddress address(ComponentMetadata md) {
        // 'host' is daprd's deprecated name for the connection string
        Optional<String> uri = md.get("connectionString").or(() -> md.get("host"));
        Optional<String> protocol = md.get("protocol");
        if (uri.isPresent()) {
            BrokerAddress a = BrokerAddress.parse(uri.get());
            String scheme = a.tls() ? BrokerAddress.AMQPS : BrokerAddress.AMQP;
            if (protocol.isPresent() && !protocol.get().equalsIgnoreCase(scheme)) {
                throw new MetadataException("protocol '" + protocol.get()
                        + "' does not match the connection string's scheme '" + scheme + "'");
            }
            return a;
        }
        return BrokerAddress.of(protocol.orElse(BrokerAddress.AMQP), md.string("hostname", "localhost"),
                md.string("username", ""), md.string("password", ""));
    }

    /**
     * daprd documents {@code concurrency} but reads {@code concurrencyMode}; both are accepted,
     * the latter first.
     */
    private static boolean single(ComponentMetadata md) {
        String mode = md.get("concurrencyMode").or(() -> md.get("concurrency")).orElse("parallel");
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "single" -> true;
            case "parallel" -> false;
            default -> throw new MetadataException("invalid concurrency mode '" + mode + "': single or parallel");
        };
    }

    private static Optional<Duration> defaultTtl(ComponentMetadata md) {
        Optional<String> raw = md.get("ttlInSeconds");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> ttl = MessageTtl.parse(raw.get());
        if (ttl.isEmpty()) {
            throw new MetadataException("ttlInSeconds must be a positive number of seconds or a duration, not '"
                    + raw.get() + "'");
        }
        return ttl;
    }
}
