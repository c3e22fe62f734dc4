package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.ComponentMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.ignoreErrors: true} covers every way a component can fail, as in daprd: a type or
 * version this build does not have, metadata that does not validate, a secret that cannot be
 * read, an init that does not finish in time. The sidecar starts without those components, serves
 * the others, leaves them out of the metadata API, and its start-up report names each one.
 */
class IgnoreErrorsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void everyKindOfComponentFailureIsSkippedWithIgnoreErrors() throws Exception {
        // accepts connections and never answers: the Redis client's handshake hangs until initTimeout
        try (SilentServer silent = new SilentServer()) {
            write("good.yaml", component("statestore", "state.in-memory", "v1", false, "", ""));
            // a type daprd has and Quapr does not
            write("binding.yaml", component("sms", "bindings.twilio.sms", "v1", true, "",
                    "  - name: toNumber\n    value: \"+15550100\"\n"));
            write("version.yaml", component("future", "state.in-memory", "v9", true, "", ""));
            write("metadata.yaml", component("pg", "state.postgresql", "v1", true, "", ""));
            write("secret.yaml", component("vault", "state.redis", "v1", true, "",
                    "  - name: redisHost\n    value: 127.0.0.1:6379\n  - name: redisPassword\n    secretKeyRef:\n"
                            + "      name: redis-secret\n      key: password\n"));
            write("slow.yaml", component("slow", "state.redis", "v1", true, "  initTimeout: 1s\n",
                    "  - name: redisHost\n    value: 127.0.0.1:" + silent.port() + "\n"
                            + "  - name: dialTimeout\n    value: 20s\n"));

            try (Sidecar sidecar = Sidecar.start("ignore-errors", "e2e-ignore", List.of(), List.of(dir));
                    DaprClient dapr = sidecar.javaClient()) {
                List<String> listed = dapr.getMetadata().block(TIMEOUT).getComponents().stream()
                        .map(ComponentMetadata::getName).sorted().toList();
                assertEquals(List.of("statestore"), listed, "only the component that started is listed");

                dapr.saveState("statestore", "k", "v").block(TIMEOUT);
                assertEquals("v", dapr.getState("statestore", "k", String.class).block(TIMEOUT).getValue());

                String log = Files.readString(sidecar.log());
                assertSkipped(log, "sms (bindings.twilio.sms/v1)", "names unknown type 'bindings.twilio.sms'");
                assertSkipped(log, "future (state.in-memory/v9)", "has no version 'v9'");
                assertSkipped(log, "pg (state.postgresql/v1)", "missing required metadata key 'connectionString'");
                assertSkipped(log, "vault (state.redis/v1)", "needs a secret store");
                assertSkipped(log, "slow (state.redis/v1)", "init did not finish within spec.initTimeout (1000 ms)");
            }
        }
    }

    private static void assertSkipped(String log, String component, String reason) {
        String line = log.lines().filter(l -> l.contains("component skipped (ignoreErrors): " + component))
                .findFirst().orElse(null);
        assertTrue(line != null, "the start-up report names " + component + ":\n" + log);
        assertTrue(line.contains(reason), "and says why (" + reason + "): " + line);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private static String component(String name, String type, String version, boolean ignoreErrors, String spec,
            String metadata) {
        return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\nspec:\n  type: "
                + type + "\n  version: " + version + "\n" + (ignoreErrors ? "  ignoreErrors: true\n" : "") + spec
                + "  metadata:" + (metadata.isEmpty() ? " []\n" : "\n" + metadata);
    }
}
