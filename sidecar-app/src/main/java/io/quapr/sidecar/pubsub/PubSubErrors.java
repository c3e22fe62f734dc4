package io.quapr.sidecar.pubsub;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pub/sub API's errors, worded as daprd words them. Like daprd, every error but "not found"
 * names the component in a {@code ResourceInfo} whose description repeats the message, and the
 * {@code ErrorInfo} metadata carries what daprd puts there: the request metadata for validation
 * errors, the app id and the cause for envelope errors, the topic and the cause for broker errors.
 */
final class PubSubErrors {

    private static final String TYPE = "pubsub";

    private PubSubErrors() {
    }

    static DaprException nameEmpty(Map<String, String> requestMetadata) {
        return build(ErrorCode.PUBSUB_EMPTY, "", "pubsub name is empty", requestMetadata, true);
    }

    static DaprException notFound(String name, Map<String, String> requestMetadata) {
        return build(ErrorCode.PUBSUB_NOT_FOUND, name, "pubsub " + name + " is not found", requestMetadata, false);
    }

    static DaprException topicEmpty(String name, Map<String, String> requestMetadata) {
        return build(ErrorCode.PUBSUB_TOPIC_NAME_EMPTY, name, "topic is empty in pubsub " + name, requestMetadata,
                true);
    }

    static DaprException badMetadata(String name, Map<String, String> requestMetadata, String detail) {
        return build(ErrorCode.PUBSUB_REQUEST_METADATA, name, "failed deserializing metadata. Error: " + detail,
                requestMetadata, true);
    }

    static DaprException cloudEventCreation(String name, String appId, String detail) {
        return build(ErrorCode.PUBSUB_CLOUD_EVENTS_SER, name, "cannot create cloudevent", appError(appId, detail),
                true);
    }

    static DaprException marshalEnvelope(String name, String topic, String appId, String detail) {
        return build(ErrorCode.PUBSUB_MARSHAL_ENVELOPE, name, "error when marshalling cloud event envelope for topic "
                + topic + " pubsub " + name + ": " + detail, appError(appId, detail), true);
    }

    static DaprException marshalEvents(String name, String topic, String appId, String detail) {
        return build(ErrorCode.PUBSUB_MARSHAL_EVENTS, name, "error marshaling events to bytes for topic " + topic
                + " pubsub " + name + ". error: " + detail, appError(appId, detail), true);
    }

    static DaprException unmarshalEvents(String name, String topic, String appId, String detail) {
        return build(ErrorCode.PUBSUB_UNMARSHAL_EVENTS, name, "error when unmarshaling the request for topic " + topic
                + " pubsub " + name + ": " + detail, appError(appId, null), true);
    }

    static DaprException forbidden(String name, String topic, String appId) {
        String message = "topic " + topic + " is not allowed for app id " + appId;
        return build(ErrorCode.PUBSUB_FORBIDDEN, name, message, Map.of("topic", topic, "error", message), true);
    }

    static DaprException publish(String name, String topic, Throwable cause) {
        String detail = String.valueOf(cause.getMessage());
        return build(ErrorCode.PUBSUB_PUBLISH_MESSAGE, name, "error when publishing to topic " + topic + " in pubsub "
                + name + ": " + detail, Map.of("topic", topic, "error", detail), true).withCause(cause);
    }

    private static Map<String, String> appError(String appId, String detail) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("appID", appId);
        if (detail != null) {
            md.put("error", detail);
        }
        return md;
    }

    private static DaprException build(ErrorCode code, String name, String message, Map<String, String> info,
            boolean withResource) {
        DaprException e = new DaprException(code, message);
        if (info != null && !info.isEmpty()) {
            e = e.withInfo(info);
        }
        return withResource ? e.withResource(TYPE, name, message) : e;
    }
}
