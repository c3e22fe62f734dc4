package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
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
 * A state store's {@code metadata.yaml} capabilities against its {@code features()} and the SPI
 * interfaces it implements. {@code features()} is read from a new, uninitialised instance: the
 * capabilities in {@code metadata.yaml} are per class, so the features must be too.
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
        tests.add(dynamicTest("capabilities list exactly the features() claimed", () -> {
            Set<StateFeature> listed = EnumSet.noneOf(StateFeature.class);
            for (String c : MetadataSchema.of(type).capabilities()) {
                StateFeature f = StateCapabilities.feature(c);
                if (f != null) {
                    listed.add(f);
                }
            }
            assertEquals(features(type), listed, "features() vs the capabilities of metadata.yaml");
        }));
        tests.add(dynamicTest("actorStateStore is listed exactly when ETAG and TRANSACTIONAL are claimed", () -> {
            Set<StateFeature> features = features(type);
            boolean capable = features.contains(StateFeature.ETAG) && features.contains(StateFeature.TRANSACTIONAL);
            boolean listed = MetadataSchema.of(type).capabilities().contains(StateCapabilities.ACTOR_STATE_STORE);
            assertEquals(capable, listed, capable
                    ? "a store with ETag and transactional must list actorStateStore"
                    : "actorStateStore needs both ETag and transactional");
        }));
        tests.add(dynamicTest("implements the interface of each claimed feature, and no other", () -> {
            Set<StateFeature> features = features(type);
            List<String> problems = new ArrayList<>();
            for (StateFeature f : StateCapabilities.featuresWithInterface()) {
                Class<?> iface = StateCapabilities.requiredInterface(f);
                boolean implemented = iface.isAssignableFrom(type);
                if (features.contains(f) && !implemented) {
                    problems.add("claims " + f + " but does not implement " + iface.getSimpleName());
                } else if (!features.contains(f) && implemented) {
                    problems.add("implements " + iface.getSimpleName() + " but does not claim " + f);
                }
            }
            assertTrue(problems.isEmpty(), type.getSimpleName() + ": " + String.join("; ", problems));
        }));
        return tests;
    }

    private static Set<StateFeature> features(Class<? extends StateStore> type) {
        StateStore fresh;
        try {
            fresh = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            return fail("cannot create " + type.getSimpleName() + " with its no-arg constructor", e);
        }
        Set<StateFeature> features;
        try {
            features = fresh.features();
        } catch (RuntimeException e) {
            return fail("features() must answer before init(): metadata.yaml lists capabilities per class", e);
        }
        return features.isEmpty() ? EnumSet.noneOf(StateFeature.class) : EnumSet.copyOf(features);
    }
}
