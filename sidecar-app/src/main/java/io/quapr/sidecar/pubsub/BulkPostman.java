package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * Hands a batch of events bound for one route to the app in one call (bulk subscribe) and reads
 * the app's answer per entry; never retries: {@link BulkDelivery} does.
 */
interface BulkPostman {

    /**
     * One event of a batch.
     *
     * @param entryId the id the app answers with
     * @param cloudEvent the event; null for a raw payload
     * @param raw the message bytes
     * @param contentType the entry's content type
     * @param metadata the message metadata
     */
    record Entry(String entryId, ObjectNode cloudEvent, byte[] raw, String contentType, Map<String, String> metadata) {
    }

    /**
     * A batch.
     *
     * @param pubsub the component
     * @param topic the topic as the app knows it
     * @param path the route
     * @param entries the events
     * @param metadata the batch metadata (the pubsub name), passed as headers
     */
    record Batch(String pubsub, String topic, String path, List<Entry> entries, Map<String, String> metadata) {
    }

    /**
     * Delivers; the answer maps entry ids to outcomes, and an entry the app did not answer for,
     * or a failure to reach it, is {@link AppOutcome#RETRY}, as in daprd.
     */
    Uni<Map<String, AppOutcome>> deliver(Batch batch);
}
