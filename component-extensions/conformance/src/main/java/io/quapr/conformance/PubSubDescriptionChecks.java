package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;

/**
 * A pub/sub component's {@code metadata.yaml} capabilities against its class. As for state
 * stores, features may depend on metadata: here the capabilities must cover what a new instance
 * claims, and the pub/sub suite checks they equal {@code features()} after {@code init} with the
 * fixture.
 */
final class PubSubDescriptionChecks {

    private PubSubDescriptionChecks() {
    }

    static List<DynamicTest> tests(Class<? extends PubSub> type) {
        return List.of(
                dynamicTest("capabilities are spelled as the kit spells pub/sub capabilities", () -> {
                    Set<String> unknown = new TreeSet<>();
                    for (String c : MetadataSchema.of(type).capabilities()) {
                        if (!PubSubCapabilities.known(c)) {
                            unknown.add(c);
                        }
                    }
                    assertTrue(unknown.isEmpty(), "unknown capabilities " + unknown
                            + "; pub/sub components may list ttl, wildcards, bulkPublish, contentType");
                }),
                dynamicTest("features() of a new instance are all listed as capabilities", () -> {
                    Set<PubSubFeature> unlisted = freshFeatures(type);
                    unlisted.removeAll(listedFeatures(type));
                    assertTrue(unlisted.isEmpty(), "features() claims " + unlisted + " but metadata.yaml does not list "
                            + unlisted.stream().map(PubSubCapabilities::capability).toList());
                }));
    }

    /** The features {@code metadata.yaml} lists as capabilities. */
    static Set<PubSubFeature> listedFeatures(Class<?> type) {
        Set<PubSubFeature> listed = EnumSet.noneOf(PubSubFeature.class);
        for (String c : MetadataSchema.of(type).capabilities()) {
            PubSubFeature f = PubSubCapabilities.feature(c);
            if (f != null) {
                listed.add(f);
            }
        }
        return listed;
    }

    /** Whether {@code metadata.yaml} says the broker carries content types. */
    static boolean carriesContentType(Class<?> type) {
        return MetadataSchema.of(type).capabilities().contains(PubSubCapabilities.CONTENT_TYPE);
    }

    /** The features of an instance that has not seen its metadata; none when it cannot tell yet. */
    private static Set<PubSubFeature> freshFeatures(Class<? extends PubSub> type) throws ReflectiveOperationException {
        PubSub fresh = type.getConstructor().newInstance();
        Set<PubSubFeature> features = EnumSet.noneOf(PubSubFeature.class);
        try {
            features.addAll(fresh.features());
        } catch (RuntimeException needsInit) {
            // features that depend on metadata may need init; the pub/sub suite covers them
        }
        return features;
    }
}
