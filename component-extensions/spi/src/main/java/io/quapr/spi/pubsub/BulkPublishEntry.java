package io.quapr.spi.pubsub;

import java.util.Map;

/**
 * One entry of a bulk publish.
 *
 * @param entryId the id the publisher gave it, used to report its failure
 * @param data the bytes to send
 * @param contentType their content type
 * @param metadata per-entry metadata
 */
public record BulkPublishEntry(String entryId, byte[] data, String contentType, Map<String, String> metadata) {
}
