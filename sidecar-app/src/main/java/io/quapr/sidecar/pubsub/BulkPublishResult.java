package io.quapr.sidecar.pubsub;

import io.quapr.sidecar.api.errors.DaprException;
import java.util.List;

/**
 * The outcome of a bulk publish that reached the broker.
 *
 * @param failedEntries the entries the broker refused, in request order; empty when all were
 *        published
 * @param error daprd's error for the failure ({@code ERR_PUBSUB_PUBLISH_MESSAGE} naming the first
 *        cause) when an entry failed, else null: the HTTP API answers it with the failed entries,
 *        the gRPC API answers it alone, as daprd does
 */
public record BulkPublishResult(List<FailedEntry> failedEntries, DaprException error) {

    /**
     * An entry the broker refused.
     *
     * @param entryId the publisher's id
     * @param error the broker's error message
     */
    public record FailedEntry(String entryId, String error) {
    }
}
