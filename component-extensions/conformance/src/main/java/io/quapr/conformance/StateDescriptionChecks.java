package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.MetadataSchema;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;

/**
 * A state store's {@code metadata.yaml} capabilities against its class. Some features depend on
 * metadata (Dapr's DynamoDB has TTL only with {@code ttlAttributeName}), so the capabilities
 * list every feature the class can have; here they are checked against what the class is
 * without metadata, and the state suite checks them against {@code features()} once the store is
 * initialised with its fixture, which must switch every capability on.
 */
final class StateDescriptionChecks {

    private StateDescriptionChecks() {
    }

    static List<DynamicTest> tests(Class<? extends StateStore> type) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("capabilities are spelled as Dapr and Quapr spell them", () -> {
            Set<String> unknown = new TreeSet<>();
            for (String c : MetadataSchema.of(type).capabilities()) {
                if (!StateCapabilities.known(c)) {
                    unknown.add(c);
                }
            }
            assertTrue(unknown.isEmpty(), "unknown capabilities " + unknown + "; state stores may list "
                    + "ETag, transactional, ttl, queryAPI, deleteWithPrefix, keysLike, actorStateStore, crud");
        }));
        tests.add(dynamicTest("actorStateStore is listed exactly when ETag and transactional are", () -> {
            Set<StateFeature> listed = listedFeatures(type);
            boolean capable = listed.contains(StateFeature.ETAG) && listed.contains(StateFeature.TRANSACTIONAL);
            boolean actor = MetadataSchema.of(type).capabilities().contains(StateCapabilities.ACTOR_STATE_STORE);
            assertEquals(capable, actor, capable
                    ? "a store with ETag and transactional must list actorStateStore"
                    : "actorStateStore needs both ETag and transactional");
        }));
        tests.add(dynamicTest("implements the interface of each listed capability, and no other", () -> {
            Set<StateFeature> listed = listedFeatures(type);
            List<String> problems = new ArrayList<>();
            for (StateFeature f : StateCapabilities.featuresWithInterface()) {
                Class<?> iface = StateCapabilities.requiredInterface(f);
                boolean implemented = iface.isAssignableFrom(type);
                if (listed.contains(f) && !implemented) {
                    problems.add("lists " + StateCapabilities.capability(f) + " but does not implement "
                            + iface.getSimpleName());
                } else if (!listed.contains(f) && implemented) {
                    problems.add("implements " + iface.getSimpleName() + " but does not list "
                            + StateCapabilities.capability(f));
                }
            }
            assertTrue(problems.isEmpty(), type.getSimpleName() + ": " + String.join("; ", problems));
        }));
        tests.add(dynamicTest("features() of a new instance are all listed as capabilities", () -> {
            Set<StateFeature> unlisted = freshFeatures(type);
            unlisted.removeAll(listedFeatures(type));
            assertTrue(unlisted.isEmpty(), "features() claims " + unlisted + " but metadata.yaml does not list "
                    + unlisted.stream().map(StateCapabilities::capability).toList());
        }));
        return tests;
    }

    /** The features {@code metadata.yaml} lists as capabilities. */
    static Set<StateFeature> listedFeatures(Class<?> type) {
        Set<StateFeature> listed = EnumSet.noneOf(StateFeature.class);
        for (String c : MetadataSchema.of(type).capabilities()) {
            StateFeature f = StateCapabilities.feature(c);
            if (f != null) {
                listed.add(f);
            }
        }
        return listed;
    }

    /**
     * The features of an instance that has not seen its metadata; none when it cannot tell
     * before {@code init} (the state suite checks it after).
     */
    private static Set<StateFeature> freshFeatures(Class<? extends StateStore> type)
            throws ReflectiveOperationException {
        StateStore fresh = type.getConstructor().newInstance();
        Set<StateFeature> features = EnumSet.noneOf(StateFeature.class);
        try {
            features.addAll(fresh.features());
        } catch (RuntimeException needsInit) {
            // features that depend on metadata may need init; the state suite covers them
        }
        return features;
    }
}
