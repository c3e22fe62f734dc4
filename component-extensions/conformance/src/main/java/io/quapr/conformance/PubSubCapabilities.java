package io.quapr.conformance;

import io.quapr.spi.pubsub.PubSubFeature;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a pub/sub component's {@link PubSubFeature}s are spelled in {@code metadata.yaml}, the one
 * table the description and pub/sub suites use. Dapr's pub/sub {@code metadata.yaml} files rarely
 * list capabilities, so the spelling follows the state stores' habit (lower camel case, Dapr's
 * {@code ttl} where Dapr has it):
 * <ul>
 * <li>{@code ttl}: {@link PubSubFeature#MESSAGE_TTL}</li>
 * <li>{@code wildcards}: {@link PubSubFeature#SUBSCRIBE_WILDCARDS}</li>
 * <li>{@code bulkPublish}: {@link PubSubFeature#BULK_PUBLISH}</li>
 * <li>{@code contentType}: no feature; the broker carries each message's content type
 * (headers, attributes, a stream field), so {@code Message.contentType()} equals what was
 * published. The pub/sub suite then checks it exactly.</li>
 * </ul>
 */
public final class PubSubCapabilities {

    /** Listed by a component whose broker carries the content type of every message. */
    public static final String CONTENT_TYPE = "contentType";

    private static final Map<PubSubFeature, String> CAPABILITY = new EnumMap<>(Map.of(
            PubSubFeature.MESSAGE_TTL, "ttl",
            PubSubFeature.SUBSCRIBE_WILDCARDS, "wildcards",
            PubSubFeature.BULK_PUBLISH, "bulkPublish"));

    private PubSubCapabilities() {
    }

    /** The {@code metadata.yaml} capability for {@code feature}. */
    public static String capability(PubSubFeature feature) {
        return CAPABILITY.get(feature);
    }

    /** The feature a capability names, or {@code null} for {@code contentType} or an unknown one. */
    public static PubSubFeature feature(String capability) {
        for (Map.Entry<PubSubFeature, String> e : CAPABILITY.entrySet()) {
            if (e.getValue().equals(capability)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Whether {@code capability} is one a pub/sub component's {@code metadata.yaml} may list. */
    public static boolean known(String capability) {
        return feature(capability) != null || CONTENT_TYPE.equals(capability);
    }
}
