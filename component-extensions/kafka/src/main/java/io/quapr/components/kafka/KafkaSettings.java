package io.quapr.components.kafka;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The {@code pubsub.kafka} metadata, checked and turned into Kafka client properties. Names,
 * defaults and accepted values are Dapr's ({@code common/component/kafka/metadata.go}); where the
 * Java client names a setting differently the mapping is here and nowhere else.
 *
 * @param brokers {@code bootstrap.servers}
 * @param consumerGroup the group every subscription of the component joins; empty when neither
 *        {@code consumerGroup}, {@code consumerID} nor an app id gives one (publish-only)
 * @param clientId {@code client.id}
 * @param oldest {@code initialOffset: oldest}: a group without committed offsets starts at the
 *        beginning of each partition rather than at its end
 * @param maxMessageBytes the largest record the producer sends, 0 for the client's default
 * @param redeliveryPause how long a partition waits before a message whose handler failed is
 *        handed over again; doubled for each further failure in a row, up to {@link #MAX_PAUSE}
 * @param heartbeat {@code heartbeat.interval.ms}
 * @param session {@code session.timeout.ms}
 * @param fetchMinBytes {@code fetch.min.bytes}
 * @param fetchDefaultBytes {@code max.partition.fetch.bytes}
 * @param rebalanceStrategy {@code range}, {@code sticky} or {@code roundrobin}
 * @param compression {@code none}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}
 * @param acks {@code all}, {@code 1} or {@code 0} (Dapr's {@code all}, {@code local},
 *        {@code none})
 * @param producerRetryMax {@code retries}
 * @param escapeHeaders URL-escape header values and the key into message metadata
 * @param excludeHeaders metadata keys (publish) and header names (subscribe) that stay out of
 *        headers and metadata, or {@code null}
 * @param dialTimeout how long init waits for a broker to answer
 */
public record KafkaSettings(String brokers, String consumerGroup, String clientId, boolean oldest, int maxMessageBytes,
        Duration redeliveryPause, Duration heartbeat, Duration session, int fetchMinBytes, int fetchDefaultBytes,
        String rebalanceStrategy, String compression, String acks, int producerRetryMax, boolean escapeHeaders,
        Pattern excludeHeaders, Duration dialTimeout) {

    /** The longest pause before a partition retries delivery after failures in a row. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    /** How long a publish may wait for topic metadata (a new topic, an unreachable broker). */
    static final Duration MAX_BLOCK = Duration.ofSeconds(10);

    /** How long one produce request may take before the client retries it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /**
     * The longest the broker holds a fetch that has nothing new (the client's default is 500 ms).
     * A record the app refused is fetched again after a seek, but the consumer sends no fetch to
     * a broker while its previous one waits there, and at the end of a partition that one waits
     * this long: the redelivery would wait with it.
     */
    static final Duration FETCH_MAX_WAIT = Duration.ofMillis(100);

    /** How long a publish may take in all, retries included. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    /** The authentication types Dapr knows; only {@code none} is implemented here yet. */
    private static final List<String> DAPR_AUTH_TYPES = List.of("password", "oidc", "oidc_private_key_jwt", "mtls",
            "certificate", "awsiam");

    /**
     * Reads and checks the metadata.
     *
     * @param appId the sidecar's app id, the consumer group when the metadata names none
     * @throws MetadataException naming the field, for values Dapr also rejects and for the
     *         authentication types not implemented yet
     */
    public static KafkaSettings of(ComponentMetadata md, String appId) {
        String brokers = Arrays.stream(md.required("brokers").split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .reduce((a, b) -> a + "," + b)
                .orElseThrow(() -> new MetadataException("kafka error: missing 'brokers' attribute"));
        checkAuthType(md);
        String group = md.get("consumerGroup").or(() -> md.get("consumerID"))
                .orElse(appId == null ? "" : appId.trim());
        return new KafkaSettings(brokers, group, md.string("clientID", "quapr"), initialOffset(md),
                (int) md.longValue("maxMessageBytes", 0), retryInterval(md),
                positive(md, "heartbeatInterval", Duration.ofSeconds(3)),
                positive(md, "sessionTimeout", Duration.ofSeconds(10)),
                md.integer("consumerFetchMin", 1), md.integer("consumerFetchDefault", 1024 * 1024),
                oneOf(md, "consumerGroupRebalanceStrategy", "range", "range", "sticky", "roundrobin"),
                oneOf(md, "compression", "none", "none", "gzip", "snappy", "lz4", "zstd"),
                acks(md), producerRetryMax(md), md.bool("escapeHeaders", false), excludeHeaders(md),
                positive(md, "dialTimeout", Duration.ofSeconds(30)));
    }

    private static void checkAuthType(ComponentMetadata md) {
        String auth = md.get("authType").map(s -> s.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new MetadataException("kafka error: 'authType' attribute was missing or empty"));
        if (auth.equals("none")) {
            return;
        }
        if (DAPR_AUTH_TYPES.contains(auth)) {
            throw new MetadataException(
                    "authType '" + auth + "' is not supported by this sidecar's Kafka components yet;"
                            + " only 'none' (plaintext, no authentication) is");
        }
        throw new MetadataException("kafka error: invalid value for 'authType' attribute: '" + auth + "'");
    }

    private static boolean initialOffset(ComponentMetadata md) {
        String v = md.string("initialOffset", "newest");
        if (v.equalsIgnoreCase("oldest")) {
            return true;
        }
        if (v.equalsIgnoreCase("newest")) {
            return false;
        }
        throw new MetadataException("kafka error: invalid initialOffset: " + v);
    }

    /** Dapr reads a bare number here as milliseconds, unlike its other durations. */
    private static Duration retryInterval(ComponentMetadata md) {
        String v = md.string("consumeRetryInterval", "100ms");
        Duration d = v.matches("\\d+")
                ? Duration.ofMillis(Long.parseLong(v))
                : md.duration("consumeRetryInterval", Duration.ofMillis(100));
        return d.isNegative() || d.isZero() ? Duration.ofMillis(100) : d;
    }

    private static Duration positive(ComponentMetadata md, String key, Duration fallback) {
        Duration d = md.duration(key, fallback);
        return d.isNegative() || d.isZero() ? fallback : d;
    }

    private static String oneOf(ComponentMetadata md, String key, String fallback, String... allowed) {
        String v = md.string(key, fallback).toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(v)) {
            throw new MetadataException("kafka error: invalid value for '" + key + "': '" + v + "' (one of "
                    + String.join(", ", allowed) + ")");
        }
        return v;
    }

    private static String acks(ComponentMetadata md) {
        return switch (oneOf(md, "producerRequiredAcks", "all", "all", "local", "none")) {
            case "local" -> "1";
            case "none" -> "0";
            default -> "all";
        };
    }

    private static int producerRetryMax(ComponentMetadata md) {
        int n = md.integer("producerRetryMax", 5);
        if (n < 0) {
            throw new MetadataException("kafka error: invalid value for 'producerRetryMax': " + n + " (must be >= 0)");
        }
        return n;
    }

    private static Pattern excludeHeaders(ComponentMetadata md) {
        String regex = md.get("excludeHeaderMetaRegex").orElse(null);
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new MetadataException("metadata key 'excludeHeaderMetaRegex' is not a regular expression: " + regex,
                    e);
        }
    }

    /** Whether the metadata key or header name stays out of headers and metadata. */
    public boolean excluded(String name) {
        return excludeHeaders != null && excludeHeaders.matcher(name).find();
    }

    /** Properties shared by the producer, the consumers and the admin client. */
    public Properties common() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        return p;
    }

    /** The producer's properties; serializers are passed as instances, not class names. */
    public Properties producer() {
        Properties p = common();
        p.put(ProducerConfig.ACKS_CONFIG, acks);
        p.put(ProducerConfig.RETRIES_CONFIG, producerRetryMax);
        // idempotence keeps retried batches in order and free of duplicates; Kafka allows it only
        // with acks=all and retries
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all") && producerRetryMax > 0);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        // publishes are awaited one by one (as daprd's synchronous producer does): lingering would
        // only add latency; concurrent publishes still share batches
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        if (maxMessageBytes > 0) {
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
        }
        return p;
    }

    /** A consumer's properties for this component's group; offsets are committed by hand. */
    public Properties consumer() {
        Properties p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, oldest ? "earliest" : "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the classic group protocol with an eager assignor, as daprd's clients speak it, so one
        // group may hold both sidecars (and keep its committed offsets when an app moves over)
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeat.toMillis());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session.toMillis());
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchMinBytes);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetchDefaultBytes);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(switch (rebalanceStrategy) {
            case "sticky" -> StickyAssignor.class;
            case "roundrobin" -> RoundRobinAssignor.class;
            default -> RangeAssignor.class;
        }));
        return p;
    }
}
