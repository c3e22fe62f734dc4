package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * Hands one event to the app over the app's protocol and reads the app's answer; never retries:
 * {@link TopicDelivery} applies the one retry policy around it.
 */
interface Postman {

    /**
     * One delivery.
     *
     * @param pubsub the component name
     * @param topic the topic as the app knows it
     * @param path the route chosen by the subscription's rules
     * @param cloudEvent the event as read (raw payloads already wrapped)
     * @param body the bytes to post over HTTP: the message as published, or the raw wrapper
     * @param metadata the message metadata, passed to the app as headers
     */
    record Letter(String pubsub, String topic, String path, ObjectNode cloudEvent, byte[] body,
            Map<String, String> metadata, Map<String, String> trace) {

        Letter(String pubsub, String topic, String path, ObjectNode cloudEvent, byte[] body,
                Map<String, String> metadata) {
            this(pubsub, topic, path, cloudEvent, body, metadata, Map.of());
        }

        /**
         * This letter sent as a child of a delivery span: {@code trace} holds its
         * {@code traceparent}/{@code tracestate}, which win over the event's own.
         */
        Letter traced(Map<String, String> trace) {
            return trace.isEmpty() ? this : new Letter(pubsub, topic, path, cloudEvent, body, metadata, trace);
        }

        /** The event id, for log lines. */
        String id() {
            return cloudEvent.path("id").asText();
        }
    }

    /** Delivers; a failure to reach the app is a {@link AppOutcome#RETRY}, never a failed Uni. */
    Uni<AppOutcome> deliver(Letter letter);
}
