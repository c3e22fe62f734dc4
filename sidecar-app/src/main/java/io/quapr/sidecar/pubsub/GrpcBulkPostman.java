package io.quapr.sidecar.pubsub;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequestEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponseEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventCERequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Bulk delivery to a gRPC app: {@code AppCallback.OnBulkTopicEvent} with each entry as a
 * CloudEvent (or the raw bytes), answered with a status per entry.
 */
final class GrpcBulkPostman implements BulkPostman {

    private static final Logger LOG = Logger.getLogger(GrpcBulkPostman.class);

    private final AppCallbackChannel app;
    private final Duration timeout;

    GrpcBulkPostman(AppCallbackChannel app, Duration timeout) {
        this.app = app;
        this.timeout = timeout;
    }

    @Override
    public Uni<Map<String, AppOutcome>> deliver(Batch batch) {
        TopicEventBulkRequest.Builder b = TopicEventBulkRequest.newBuilder().setId(RandomIds.uuid())
                .setType(HttpBulkPostman.BULK_TYPE).setTopic(batch.topic()).setPubsubName(batch.pubsub())
                .setPath(batch.path()).putAllMetadata(batch.metadata());
        Map<String, AppOutcome> out = HttpBulkPostman.every(batch, AppOutcome.RETRY);
        for (Entry e : batch.entries()) {
            TopicEventBulkRequestEntry.Builder entry = TopicEventBulkRequestEntry.newBuilder().setEntryId(e.entryId())
                    .setContentType(e.contentType() == null ? "" : e.contentType()).putAllMetadata(e.metadata());
            if (e.cloudEvent() == null) {
                entry.setBytes(ByteString.copyFrom(e.raw()));
            } else {
                try {
                    TopicEventRequest r = GrpcPostman.request(new Postman.Letter(batch.pubsub(), batch.topic(),
                            batch.path(), e.cloudEvent(), e.raw(), e.metadata()));
                    entry.setCloudEvent(TopicEventCERequest.newBuilder().setId(r.getId()).setSource(r.getSource())
                            .setType(r.getType()).setSpecVersion(r.getSpecVersion())
                            .setDataContentType(r.getDataContentType()).setData(r.getData())
                            .setExtensions(r.getExtensions()));
                } catch (IllegalArgumentException ex) {
                    continue;
                }
            }
            b.addEntries(entry);
        }
        return app.onBulkTopicEvent(b.build(), batch.metadata(), timeout).map(r -> {
            for (TopicEventBulkResponseEntry s : r.getStatusesList()) {
                if (out.containsKey(s.getEntryId())) {
                    out.put(s.getEntryId(), switch (s.getStatus()) {
                        case SUCCESS -> AppOutcome.SUCCESS;
                        case DROP -> AppOutcome.DROP;
                        default -> AppOutcome.RETRY;
                    });
                }
            }
            return out;
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("error sending bulk pub/sub event to the app: %s", e.getMessage());
            return out;
        });
    }
}
