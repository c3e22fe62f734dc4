package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.StateFeature;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

/**
 * What the initialised store claims against what it documents and implements. The fixture must
 * switch on every capability {@code metadata.yaml} lists, so that the kit tests all of them; and
 * a store implements the SPI interface of a feature exactly when it claims it, because the
 * sidecar finds optional operations by interface.
 */
final class StateRefusalCases {

    private StateRefusalCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        Class<?> type = h.store().getClass();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("features() after init equal the capabilities of metadata.yaml", () -> {
            Set<StateFeature> claimed = EnumSet.noneOf(StateFeature.class);
            for (StateFeature f : StateFeature.values()) {
                if (h.has(f)) {
                    claimed.add(f);
                }
            }
            assertEquals(StateDescriptionChecks.listedFeatures(type), claimed,
                    "metadata.yaml capabilities (expected) vs features() after init with the fixture (actual); "
                            + "a capability that depends on metadata must be switched on by the fixture");
        }));
        for (StateFeature feature : StateCapabilities.featuresWithInterface()) {
            Class<?> iface = StateCapabilities.requiredInterface(feature);
            boolean claimed = h.has(feature);
            String name = claimed
                    ? feature + " claimed: implements " + iface.getSimpleName()
                    : feature + " not claimed: does not implement " + iface.getSimpleName();
            tests.add(dynamicTest(name, () -> assertEquals(claimed, iface.isInstance(h.store()),
                    type.getSimpleName() + (claimed ? " claims " : " does not claim ") + feature + " but "
                            + (claimed ? "does not implement " : "implements ") + iface.getSimpleName())));
        }
        return dynamicContainer("features match metadata.yaml and interfaces", tests);
    }
}
