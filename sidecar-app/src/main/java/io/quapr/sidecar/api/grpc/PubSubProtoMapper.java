package io.quapr.sidecar.api.grpc;

import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponse;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponseFailedEntry;
import io.quapr.sidecar.pubsub.BulkEntry;
import io.quapr.sidecar.pubsub.BulkPublishResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The publish API's requests and answers between daprd's proto shapes and
 * {@code PubSubService}'s types. A proto map cannot be absent, so an entry with no metadata is
 * read as "none", as daprd reads it.
 */
final class PubSubProtoMapper {

    private PubSubProtoMapper() {
    }

    static List<BulkEntry> entries(BulkPublishRequest r) {
        List<BulkEntry> entries = new ArrayList<>(r.getEntriesCount());
        for (BulkPublishRequestEntry e : r.getEntriesList()) {
            entries.add(new BulkEntry(e.getEntryId(), e.getEvent().toByteArray(), e.getContentType(),
                    e.getMetadataCount() == 0 ? null : e.getMetadataMap()));
        }
        return entries;
    }

    /**
     * daprd's gRPC answer: a failure is the error alone, a success the (empty) failed entries.
     *
     * @throws io.quapr.sidecar.api.errors.DaprException when an entry failed
     */
    static BulkPublishResponse bulkResponse(BulkPublishResult result) {
        if (result.error() != null) {
            throw result.error();
        }
        BulkPublishResponse.Builder b = BulkPublishResponse.newBuilder();
        for (BulkPublishResult.FailedEntry f : result.failedEntries()) {
            b.addFailedEntries(BulkPublishResponseFailedEntry.newBuilder().setEntryId(f.entryId())
                    .setError(f.error() == null ? "" : f.error()));
        }
        return b.build();
    }
}
