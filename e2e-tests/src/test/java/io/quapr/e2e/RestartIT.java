package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.client.domain.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * State outlives the sidecar: with no resources path and no {@code ~/.quapr/components}, the
 * sidecar loads its embedded default, a {@code state.sqlite} store named {@code statestore} in
 * {@code ~/.quapr/data}. Here {@code user.home} points into {@code target/}, so the test owns that
 * file. Save, stop the sidecar, start a new one on the same file, read the value back.
 */
class RestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void stateSavedBeforeARestartIsReadAfterIt() throws Exception {
        Path home = E2e.target().resolve("e2e-data/restart-home");
        E2e.deleteTree(home);
        Files.createDirectories(home);
        // $HOME decides where ~/.quapr is, as for daprd's ~/.dapr; the JVM's user.home is ignored
        Path elsewhere = E2e.target().resolve("e2e-data/restart-not-home");
        List<String> jvm = List.of("-Duser.home=" + elsewhere);
        Map<String, String> env = Map.of("HOME", home.toString());
        Map<String, Object> value = Map.of("order", "o-1", "items", List.of("a", "b"));
        String key = "restart-" + E2e.RUN;

        try (Sidecar first = Sidecar.start("restart-1", "e2e-restart", jvm, List.of(), 0, env);
                DaprClient dapr = first.javaClient()) {
            ComponentMetadata store = dapr.getMetadata().block(TIMEOUT).getComponents().stream()
                    .filter(c -> c.getName().equals("statestore")).findFirst()
                    .orElseThrow(() -> new AssertionError("no embedded statestore in the metadata"));
            assertEquals("state.sqlite", store.getType());
            dapr.saveState("statestore", key, value).block(TIMEOUT);
        }
        Path db = home.resolve(".quapr/data/state.db");
        assertTrue(Files.isRegularFile(db), "the embedded store keeps its data in " + db);
        assertFalse(Files.exists(elsewhere.resolve(".quapr")), "nothing under user.home when HOME is set");

        try (Sidecar second = Sidecar.start("restart-2", "e2e-restart", jvm, List.of(), 0, env);
                DaprClient dapr = second.javaClient()) {
            State<Map> state = dapr.getState("statestore", key, Map.class).block(TIMEOUT);
            assertEquals(value, state.getValue());
        }
    }
}
