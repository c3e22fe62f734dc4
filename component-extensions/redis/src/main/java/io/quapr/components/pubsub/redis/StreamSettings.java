package io.quapr.components.pubsub.redis;

import io.quapr.components.redis.RedisSettings;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.time.Duration;

/**
 * The stream-specific settings of one {@code pubsub.redis} component, with daprd's defaults
 * (components-contrib {@code common/component/redis/redis.go}, pub/sub branch): the defaults
 * there are what daprd runs with, whatever its {@code metadata.yaml} says (it lists the two
 * durations the other way round).
 *
 * @param consumerId the consumer group, also used as the consumer name within it, as daprd does
 * @param concurrency the most messages handed to the handler at once
 * @param queueDepth the most entries read ahead of the handler (and asked for per read)
 * @param processingTimeout how long an entry stays pending before it is redelivered; zero
 *        disables redelivery
 * @param redeliverInterval how often pending entries are looked for; zero disables redelivery
 * @param maxLenApprox {@code MAXLEN ~} of every {@code XADD}; 0 for none
 * @param streamTtl how old an entry may get before {@code XADD} trims it ({@code MINID ~});
 *        zero for none, and unused when {@code maxLenApprox} is set (daprd trims one way only)
 * @param block how long one {@code XREADGROUP} waits for entries; zero waits indefinitely
 */
record StreamSettings(String consumerId, int concurrency, int queueDepth, Duration processingTimeout,
        Duration redeliverInterval, long maxLenApprox, Duration streamTtl, Duration block) {

    static final Duration DEFAULT_PROCESSING_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_REDELIVER_INTERVAL = Duration.ofSeconds(15);

    /**
     * Reads the settings.
     *
     * @param appId the sidecar's app id, the consumer group when {@code consumerID} is not set
     * @param connection the connection settings, whose command deadline is the read's block time
     * @throws MetadataException naming the first key whose value cannot be used
     */
    static StreamSettings from(ComponentMetadata md, String appId, RedisSettings connection) {
        String consumer = md.get("consumerID").orElse(appId == null ? "" : appId.trim());
        if (consumer.isEmpty()) {
            throw new MetadataException("metadata key 'consumerID' is not set and the sidecar has no app id to use");
        }
        int concurrency = atLeastOne(md, "concurrency", 10);
        int queueDepth = atLeastOne(md, "queueDepth", 100);
        // a bare number is milliseconds here, for daprd's legacy reasons
        Duration processing = notNegative("processingTimeout",
                RedisSettings.redisDuration(md, "processingTimeout").orElse(DEFAULT_PROCESSING_TIMEOUT));
        Duration redeliver = notNegative("redeliverInterval",
                RedisSettings.redisDuration(md, "redeliverInterval").orElse(DEFAULT_REDELIVER_INTERVAL));
        long maxLen = md.longValue("maxLenApprox", 0);
        if (maxLen < 0) {
            throw new MetadataException("metadata key 'maxLenApprox' must not be negative: " + maxLen);
        }
        Duration ttl = notNegative("streamTTL", md.duration("streamTTL", Duration.ZERO));
        // daprd blocks for its readTimeout; with none ("-1") it blocks until entries arrive
        Duration block = connection.commandTimeout() == null ? Duration.ZERO : connection.commandTimeout();
        return new StreamSettings(consumer, concurrency, queueDepth, processing, redeliver, maxLen, ttl, block);
    }

    /** Whether pending entries are ever redelivered: both durations must be set, as in daprd. */
    boolean redelivers() {
        return !processingTimeout.isZero() && !redeliverInterval.isZero();
    }

    private static int atLeastOne(ComponentMetadata md, String key, int fallback) {
        int v = md.integer(key, fallback);
        if (v < 1) {
            throw new MetadataException("metadata key '" + key + "' must be at least 1: " + v);
        }
        return v;
    }

    private static Duration notNegative(String key, Duration d) {
        if (d.isNegative()) {
            throw new MetadataException("metadata key '" + key + "' must not be negative: " + d);
        }
        return d;
    }
}
