package io.quapr.sidecar.api.grpc;

import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponse;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponseFailedEntry;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.pubsub.BulkEntry;
import io.quapr.sidecar.pubsub.BulkPublishResult;
import io.quapr.sidecar.pubsub.TraceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The broker metadata daprd's gRPC API adds to a raw event: the caller's trace context, which
     * no CloudEvent envelope carries then.
     */
    static Map<String, String> rawPayloadMetadata(TraceContext trace) {
        // a HashMap, not Map.of: the trace values were never checked for null
        Map<String, String> md = new HashMap<>();
        md.put("traceid", trace.traceparent());
        md.put("tracestate", trace.tracestate());
        return md;
    }

    /**
     * A publish failure as daprd's gRPC API words it: unlike its HTTP API, it leaves the request
     * metadata out of {@code ERR_PUBSUB_NOT_FOUND}'s {@code ErrorInfo}. Other failures pass as they are.
     */
    static Throwable grpcError(Throwable failure) {
        if (failure instanceof DaprException e && e.code() == ErrorCode.PUBSUB_NOT_FOUND) {
            return e.withInfo(Map.of());
        }
        return failure;
    }
}
