package io.quapr.sidecar.pubsub;

import java.util.Locale;

/** How daprd classifies a content type: its media type before any {@code ;} parameters. */
final class ContentTypes {

    static final String CLOUD_EVENT_JSON = "application/cloudevents+json";
    static final String JSON = "application/json";
    static final String OCTET_STREAM = "application/octet-stream";
    static final String CLOUD_EVENT_PROTOBUF = "application/cloudevents+protobuf";

    private ContentTypes() {
    }

    static boolean isCloudEvent(String contentType) {
        return is(contentType, CLOUD_EVENT_JSON);
    }

    static boolean isJson(String contentType) {
        return is(contentType, JSON);
    }

    static boolean isBinary(String contentType) {
        return is(contentType, OCTET_STREAM);
    }

    /** {@code text/*} and {@code application/xml}: data carried as a JSON string. */
    static boolean isString(String contentType) {
        return contentType != null && (contentType.toLowerCase(Locale.ROOT).startsWith("text/")
                || is(contentType, "application/xml"));
    }

    static boolean isCloudEventProtobuf(String contentType) {
        return is(contentType, CLOUD_EVENT_PROTOBUF);
    }

    private static boolean is(String contentType, String expected) {
        if (contentType == null) {
            return false;
        }
        String lower = contentType.toLowerCase(Locale.ROOT);
        int semicolon = lower.indexOf(';');
        return (semicolon < 0 ? lower : lower.substring(0, semicolon)).equals(expected);
    }
}
