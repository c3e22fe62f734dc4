package io.quapr.spi.pubsub;

import java.util.Map;

/**
 * What to subscribe to.
 *
 * @param topic the topic
 * @param metadata subscription metadata (consumer group overrides, {@code rawPayload}, ...)
 */
public record SubscribeRequest(String topic, Map<String, String> metadata) {
}
