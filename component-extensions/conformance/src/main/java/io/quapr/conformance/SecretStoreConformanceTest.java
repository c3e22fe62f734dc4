package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.secrets.SecretNotFoundException;
import io.quapr.spi.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The secret store suite: for every {@link SecretStore} the module declares, a container that
 * initialises it from {@code <type>.yaml} and, when {@code <type>.expected.yaml} names the
 * secrets the store holds, checks it answers exactly those.
 */
@ExtendWith(ConformanceExtension.class)
public class SecretStoreConformanceTest {

    /** One container per secret store of the module; none when it has no secret store. */
    @TestFactory
    Stream<DynamicNode> secretStores(ConformanceRun run) {
        return run.components(SecretStore.class).stream().map(type -> container(run, type));
    }

    private static DynamicNode container(ConformanceRun run, Class<? extends SecretStore> type) {
        LiveComponent<SecretStore> live = LiveComponent.start(type, run);
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(live.initTest());
        if (live.ready()) {
            SecretStore store = live.instance();
            Optional<Map<String, Map<String, String>>> expected = run.fixtures().expectedSecrets(live.daprType());
            nodes.add(dynamicTest("features() answers", () -> assertNotNull(store.features())));
            nodes.add(dynamicTest(
                    "get of a missing secret fails with SecretNotFoundException or answers only empty values",
                    () -> missingSecret(store)));
            nodes.add(dynamicTest("bulkGet answers", () -> assertNotNull(Ops.await(store.bulkGet(Map.of())))));
            expected.ifPresent(secrets -> {
                secrets.forEach((name, values) -> nodes.add(dynamicTest("get(" + name + ") answers exactly "
                        + values.keySet(),
                        () -> assertEquals(values, Ops.await(store.get(name, Map.of())),
                                "secret " + name))));
                nodes.add(dynamicTest("bulkGet holds every expected secret", () -> {
                    Map<String, Map<String, String>> all = Ops.await(store.bulkGet(Map.of()));
                    secrets.forEach((name, values) -> {
                        assertTrue(all.containsKey(name), "bulkGet left out " + name + "; it has " + all.keySet());
                        assertEquals(values, all.get(name), "secret " + name + " in bulkGet");
                    });
                }));
            });
        }
        nodes.add(live.closeTest());
        return Labels.apply(dynamicContainer(live.displayName(), nodes));
    }

    /**
     * Most stores refuse a name they do not hold; Dapr's {@code secretstores.local.env} instead
     * answers the name with an empty value (an unset variable reads as empty), so that is
     * allowed too. A non-empty value for a random name is not.
     */
    private static void missingSecret(SecretStore store) {
        String name = "no-such-secret-" + UUID.randomUUID();
        Map<String, String> answer;
        try {
            answer = Ops.await(store.get(name, Map.of()));
        } catch (SecretNotFoundException refused) {
            return;
        }
        assertNotNull(answer, "get(" + name + ") answered null");
        assertTrue(answer.values().stream().allMatch(v -> v == null || v.isEmpty()),
                "get(" + name + ") invented values: " + answer);
    }
}
