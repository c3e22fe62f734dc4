package io.quapr.sidecar.pubsub;

import java.util.Map;

/**
 * One event of a bulk publish, as the transports read it.
 *
 * @param entryId the publisher's id for it, unique in the request
 * @param event the event's bytes
 * @param contentType its content type
 * @param metadata its own metadata, or null when the entry has none (daprd then builds its
 *        envelope without the request's metadata)
 */
public record BulkEntry(String entryId, byte[] event, String contentType, Map<String, String> metadata) {
}
