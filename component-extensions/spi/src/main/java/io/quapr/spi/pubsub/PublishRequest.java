package io.quapr.spi.pubsub;

import java.util.Map;

/**
 * One message to publish.
 *
 * @param topic the topic (may contain {@code /})
 * @param data the bytes to send, exactly as the broker must carry them (the sidecar has already
 *        wrapped them in a CloudEvent unless the publisher asked for a raw payload)
 * @param contentType the content type of {@code data}
 * @param metadata request metadata ({@code partitionKey}, {@code ttlInSeconds}, broker options)
 */
public record PublishRequest(String topic, byte[] data, String contentType, Map<String, String> metadata) {
}
