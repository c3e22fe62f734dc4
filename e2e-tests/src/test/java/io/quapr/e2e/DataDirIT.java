package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --data-dir} and {@code QUAPR_DATA_DIR} put the embedded store's files where they say,
 * whatever {@code HOME} is.
 */
class DataDirIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void dataDirFlagHoldsTheEmbeddedStore() throws Exception {
        Path data = fresh("flag");
        try (Sidecar sidecar = Sidecar.start("data-dir-flag", "e2e-data-dir", List.of(), List.of(), 0,
                List.of("--data-dir", data.toString())); DaprClient dapr = sidecar.javaClient()) {
            dapr.saveState("statestore", "k", "flag").block(TIMEOUT);
            assertEquals("flag", dapr.getState("statestore", "k", String.class).block(TIMEOUT).getValue());
        }
        assertTrue(Files.isRegularFile(data.resolve("state.db")), "state.db in " + data);
    }

    @Test
    void dataDirVariableHoldsTheEmbeddedStore() throws Exception {
        Path data = fresh("env");
        try (Sidecar sidecar = Sidecar.start("data-dir-env", "e2e-data-dir", List.of(), List.of(), 0,
                Map.of("QUAPR_DATA_DIR", data.toString())); DaprClient dapr = sidecar.javaClient()) {
            dapr.saveState("statestore", "k", "env").block(TIMEOUT);
        }
        assertTrue(Files.isRegularFile(data.resolve("state.db")), "state.db in " + data);
    }

    private static Path fresh(String name) throws Exception {
        Path dir = E2e.target().resolve("e2e-data/data-dir-" + name);
        E2e.deleteTree(dir);
        return dir;
    }
}
