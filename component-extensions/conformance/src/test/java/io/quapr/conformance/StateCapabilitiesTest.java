package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateStore;
import org.junit.jupiter.api.Test;

class StateCapabilitiesTest {

    @Test
    void everyFeatureHasACapabilityThatMapsBack() {
        for (StateFeature f : StateFeature.values()) {
            String capability = StateCapabilities.capability(f);
            assertNotNull(capability, f + " has no capability spelling");
            assertEquals(f, StateCapabilities.feature(capability));
            assertTrue(StateCapabilities.known(capability));
        }
    }

    @Test
    void spellingIsExact() {
        assertEquals("ETag", StateCapabilities.capability(StateFeature.ETAG));
        assertEquals("queryAPI", StateCapabilities.capability(StateFeature.QUERY_API));
        assertFalse(StateCapabilities.known("etag"));
        assertFalse(StateCapabilities.known("query"));
        assertTrue(StateCapabilities.known("crud"));
        assertTrue(StateCapabilities.known("actorStateStore"));
        assertNull(StateCapabilities.feature("actorStateStore"));
    }

    @Test
    void interfacesAreStateStores() {
        for (StateFeature f : StateCapabilities.featuresWithInterface()) {
            assertTrue(StateStore.class.isAssignableFrom(StateCapabilities.requiredInterface(f)));
        }
        assertNull(StateCapabilities.requiredInterface(StateFeature.ETAG));
        assertNull(StateCapabilities.requiredInterface(StateFeature.TTL));
    }
}
