package io.quapr.spi.pubsub;

import java.util.Map;

/**
 * One message received from the broker.
 *
 * @param topic the topic it was published to
 * @param data the bytes as published
 * @param contentType the content type the broker carried, or {@code null}
 * @param metadata broker metadata for the message (partition, offset, message id, ...)
 */
public record Message(String topic, byte[] data, String contentType, Map<String, String> metadata) {
}
