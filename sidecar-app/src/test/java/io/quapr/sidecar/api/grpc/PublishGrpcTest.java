package io.quapr.sidecar.api.grpc;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static io.quapr.sidecar.testing.GrpcStatusDetails.resourceInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponse;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quapr.spi.pubsub.PublishRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Publishing over gRPC: the same envelope as over HTTP, and daprd's status codes. */
@QuarkusTest
class PublishGrpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    private final String topic = "grpc-" + UUID.randomUUID();

    @Test
    void publishEventWrapsTheDataInDaprsEnvelope() throws Exception {
        dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub").setTopic(topic)
                .setData(ByteString.copyFromUtf8("{\"k\":\"v\"}")).setDataContentType("application/json").build());

        List<PublishRequest> sent = MemoryPubSub.published("pubsub", topic);
        assertEquals(1, sent.size());
        JsonNode ce = JSON.readTree(sent.get(0).data());
        assertEquals("v", ce.path("data").path("k").asText());
        assertEquals("testapp", ce.path("source").asText());
        assertEquals("com.dapr.event.sent", ce.path("type").asText());
        assertEquals(topic, ce.path("topic").asText());
    }

    @Test
    void rawPayloadCarriesTheTraceInMetadata() {
        dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub").setTopic(topic)
                .setData(ByteString.copyFromUtf8("raw")).putMetadata("rawPayload", "true").build());

        PublishRequest sent = MemoryPubSub.published("pubsub", topic).get(0);
        assertEquals("raw", new String(sent.data()));
        assertTrue(sent.metadata().containsKey("traceid"));
    }

    @Test
    void unknownPubsubIsInvalidArgumentNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.publishEvent(
                PublishEventRequest.newBuilder().setPubsubName("nope").setTopic("t").putMetadata("k", "v").build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("pubsub nope is not found", e.getStatus().getDescription());
        assertEquals("DAPR_PUBSUB_NOT_FOUND", errorInfo(e).getReason());
        // unlike the HTTP API, daprd's gRPC API leaves the request metadata out of this error
        assertTrue(errorInfo(e).getMetadataMap().isEmpty());
        assertNull(resourceInfo(e));
    }

    @Test
    void forbiddenTopicIsPermissionDenied() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.publishEvent(
                PublishEventRequest.newBuilder().setPubsubName("scopedpubsub").setTopic("theirs").build()));

        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals("DAPR_PUBSUB_FORBIDDEN", errorInfo(e).getReason());
        assertEquals("scopedpubsub", resourceInfo(e).getResourceName());
    }

    @Test
    void bulkPublishEventPublishesEveryEntry() {
        BulkPublishResponse r = dapr.bulkPublishEvent(BulkPublishRequest.newBuilder().setPubsubName("ttlpubsub")
                .setTopic(topic).addEntries(entry("1", "one")).addEntries(entry("2", "two")).build());

        assertEquals(0, r.getFailedEntriesCount());
        assertEquals(2, MemoryPubSub.published("ttlpubsub", topic).size());
    }

    @Test
    void bulkPublishFailureIsInternalPublishMessage() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.bulkPublishEventAlpha1(BulkPublishRequest.newBuilder().setPubsubName("pubsub")
                        .setTopic("broken").addEntries(entry("1", "one")).build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("DAPR_PUBSUB_PUBLISH_MESSAGE", errorInfo(e).getReason());
    }

    private static BulkPublishRequestEntry entry(String id, String text) {
        return BulkPublishRequestEntry.newBuilder().setEntryId(id).setEvent(ByteString.copyFromUtf8(text))
                .setContentType("text/plain").build();
    }
}
