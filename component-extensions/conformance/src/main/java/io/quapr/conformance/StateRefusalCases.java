package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import org.junit.jupiter.api.DynamicContainer;

/**
 * A store implements the SPI interface of a feature exactly when it claims the feature: the
 * sidecar finds optional operations by interface, so an unclaimed interface would be called.
 */
final class StateRefusalCases {

    private StateRefusalCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        return dynamicContainer("features match interfaces",
                StateCapabilities.featuresWithInterface().stream().map(feature -> {
                    Class<?> iface = StateCapabilities.requiredInterface(feature);
                    boolean claimed = h.has(feature);
                    String name = claimed
                            ? feature + " claimed: implements " + iface.getSimpleName()
                            : feature + " not claimed: does not implement " + iface.getSimpleName();
                    return dynamicTest(name, () -> assertEquals(claimed, iface.isInstance(h.store()),
                            h.store().getClass().getSimpleName() + (claimed ? " claims " : " does not claim ") + feature
                                    + " but " + (claimed ? "does not implement " : "implements ")
                                    + iface.getSimpleName()));
                }));
    }
}
