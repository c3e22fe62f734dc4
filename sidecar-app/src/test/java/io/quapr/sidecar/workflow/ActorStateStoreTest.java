package io.quapr.sidecar.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.state.inmemory.InMemoryStateStore;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.ComponentResource;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.testing.PlainStateStore;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which state store holds the workflows, as daprd picks its actor state store. */
class ActorStateStoreTest {

    private static LiveComponent store(String name, String actorStateStore, StateStore instance) {
        Map<String, String> raw = actorStateStore == null ? Map.of() : Map.of("actorStateStore", actorStateStore);
        ComponentResource resource = new ComponentResource(name + ".yaml", name, "state.in-memory", "v1",
                raw.entrySet().stream()
                        .map(e -> new ComponentResource.MetadataItem(e.getKey(), e.getValue(), null, null)).toList(),
                null, List.of(), Duration.ofSeconds(5), false);
        ComponentMetadata metadata = ComponentMetadata.bind(name, raw, MetadataSchema.of(InMemoryStateStore.class),
                Set.of("actorstatestore")).metadata();
        return new LiveComponent(resource, metadata, instance);
    }

    @Test
    void theMarkedStoreIsChosen() {
        LiveComponent marked = store("actors", "true", new InMemoryStateStore());
        assertSame(marked, WorkflowRuntime.actorStateStore(
                List.of(store("plain", null, new InMemoryStateStore()), marked, store("off", "false",
                        new InMemoryStateStore())))
                .orElseThrow());
    }

    @Test
    void noMarkedStoreMeansMemory() {
        assertTrue(WorkflowRuntime.actorStateStore(List.of(store("plain", null, new InMemoryStateStore()))).isEmpty());
    }

    @Test
    void twoMarkedStoresStopStartUp() {
        StartupException e = assertThrows(StartupException.class, () -> WorkflowRuntime.actorStateStore(List.of(
                store("b", "true", new InMemoryStateStore()), store("a", "TRUE", new InMemoryStateStore()))));
        assertEquals(List.of("more than one state store has actorStateStore set (a, b): at most one may hold the"
                + " workflows' state"), e.problems());
    }

    @Test
    void aMarkedStoreWithoutTransactionsStopsStartUp() {
        StartupException e = assertThrows(StartupException.class,
                () -> WorkflowRuntime.actorStateStore(List.of(store("plain", "true", new PlainStateStore()))));
        assertEquals(List.of("plain.yaml: plain (state.in-memory): actorStateStore is set, but the store does not"
                + " support transactions, which the workflow engine needs"), e.problems());
    }
}
