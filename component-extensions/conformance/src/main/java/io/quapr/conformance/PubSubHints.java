package io.quapr.conformance;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the pub/sub suite cannot learn from the component itself, read from the fixture's
 * {@code metadata.annotations} (keys {@code conformance.quapr.io/...}). They describe how the
 * broker behaves with the fixture's metadata, so they sit beside that metadata.
 *
 * @param durableFromStart {@code durable-from-start}: a message published to a topic nobody has
 *        subscribed to yet reaches the first subscription (Redis streams, whose consumer group
 *        starts at the stream's beginning; Kafka with {@code initialOffset: oldest})
 * @param durableSubscriptions {@code durable-subscriptions}: a subscription cancelled and made
 *        again on the same topic resumes where it stopped, so messages published in between
 *        arrive (a consumer group, a queue that outlives its consumer)
 * @param redeliveryWithin {@code redelivery-within}: how long a rejected message may take to come
 *        back, a Go duration; 30 s unless set. Fixtures should set the broker's redelivery short
 *        (Redis {@code processingTimeout}/{@code redeliverInterval} of 1 s).
 * @param wildcardSubscribe {@code wildcard-subscribe}: the topic a wildcard subscription uses,
 *        {@code {base}} standing for a new random topic name; {@code {base}/*} unless set
 * @param wildcardMatches {@code wildcard-matches}: comma-separated topics that subscription must
 *        receive; {@code {base}/a,{base}/b/c} unless set
 */
record PubSubHints(boolean durableFromStart, boolean durableSubscriptions, Duration redeliveryWithin,
        String wildcardSubscribe, List<String> wildcardMatches) {

    /** The prefix of every hint's annotation key. */
    static final String PREFIX = "conformance.quapr.io/";

    /** The hints of a fixture without annotations. */
    static final PubSubHints DEFAULT = of(Map.of());

    /** Reads the hints from a fixture's annotations; absent ones take their defaults. */
    static PubSubHints of(Map<String, String> annotations) {
        String within = annotations.getOrDefault(PREFIX + "redelivery-within", "30s");
        return new PubSubHints(
                ComponentMetadata.isTruthy(annotations.getOrDefault(PREFIX + "durable-from-start", "false")),
                ComponentMetadata.isTruthy(annotations.getOrDefault(PREFIX + "durable-subscriptions", "false")),
                GoDuration.parse(within.trim()),
                annotations.getOrDefault(PREFIX + "wildcard-subscribe", "{base}/*").trim(),
                List.of(annotations.getOrDefault(PREFIX + "wildcard-matches", "{base}/a,{base}/b/c")
                        .split("\\s*,\\s*")));
    }
}
