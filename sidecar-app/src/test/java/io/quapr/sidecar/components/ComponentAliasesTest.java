package io.quapr.sidecar.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The other type names daprd registers a component under select the same component here. */
@QuarkusTest
class ComponentAliasesTest {

    @Inject
    ComponentRegistry registry;

    @Test
    void daprdsAliasesSelectTheComponent() {
        assertEquals("bindings.postgresql", registry.canonical("bindings.postgres"));
        assertEquals("bindings.mqtt3", registry.canonical("bindings.mqtt"));
        assertEquals("state.postgresql", registry.canonical("state.postgres"));
        assertEquals("configuration.postgresql", registry.canonical("configuration.postgres"));
        assertTrue(registry.has("bindings.mqtt", "v1"));
        assertNotNull(registry.create("bindings.postgres", "v1"));
        assertEquals("state.redis", registry.canonical("state.redis"), "a name that is no alias stays");
        assertFalse(registry.has("state.nosuch", "v1"));
    }
}
