package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.ComponentType;
import io.quapr.spi.configuration.ConfigurationItem;
import io.quapr.spi.configuration.ConfigurationStore;
import io.quapr.spi.configuration.ConfigurationUpdate;
import io.quapr.spi.configuration.SubscriptionNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The configuration store suite: for every {@link ConfigurationStore} the module declares, items
 * written through the module's {@link ConfigurationBackend} are read back with their versions,
 * and a subscription reports changes of its keys (and of no other key) until it ends.
 */
@ExtendWith(ConformanceExtension.class)
public class ConfigurationStoreConformanceTest {

    /** How long a change may take to reach a subscriber. */
    private static final Duration DELIVERY = Duration.ofSeconds(10);
    /** How long the suite waits to be sure that a change is not reported. */
    private static final Duration QUIET = Duration.ofMillis(700);

    /** One container per configuration store of the module; none when it has none. */
    @TestFactory
    Stream<DynamicNode> configurationStores(ConformanceRun run) {
        return run.components(ConfigurationStore.class).stream().map(type -> container(run, type));
    }

    private static DynamicNode container(ConformanceRun run, Class<? extends ConfigurationStore> type) {
        String daprType = type.getAnnotation(ComponentType.class).value();
        List<DynamicNode> nodes = new ArrayList<>();
        ConfigurationBackend backend = backend(daprType);
        if (backend == null) {
            nodes.add(dynamicTest("a ConfigurationBackend for " + daprType + " is on the test class path", () -> fail(
                    "no io.quapr.conformance.ConfigurationBackend service names " + daprType)));
            return Labels.apply(dynamicContainer(daprType + " (" + type.getSimpleName() + ")", nodes));
        }
        Throwable opened = null;
        try {
            backend.open(run.fixtures().resource(daprType).metadata());
        } catch (Exception e) {
            opened = e;
        }
        Throwable openFailure = opened;
        nodes.add(dynamicTest("the test backend connects", () -> {
            if (openFailure != null) {
                fail("cannot open the backend of " + daprType + ": " + openFailure, openFailure);
            }
        }));
        LiveComponent<ConfigurationStore> live = LiveComponent.start(type, run);
        nodes.add(live.initTest());
        if (live.ready() && openFailure == null) {
            ConfigurationStore store = live.instance();
            nodes.add(dynamicTest("get of a key the store does not hold answers no item", () -> {
                String key = newKey();
                assertFalse(Ops.await(store.get(List.of(key), Map.of())).containsKey(key));
            }));
            nodes.add(dynamicTest("get answers an item's value and version", () -> {
                String key = newKey();
                backend.set(key, "blue", "7");
                ConfigurationItem item = Ops.await(store.get(List.of(key), Map.of())).get(key);
                assertNotNull(item, key + " was not read back");
                assertEquals("blue", item.value());
                assertEquals("7", item.version());
            }));
            nodes.add(dynamicTest("get of several keys answers those held", () -> {
                String a = newKey();
                String b = newKey();
                backend.set(a, "1", "1");
                backend.set(b, "2", "1");
                Map<String, ConfigurationItem> items = Ops.await(store.get(List.of(a, b, newKey()), Map.of()));
                assertEquals(Map.of(a, "1", b, "2"), values(items));
            }));
            nodes.add(dynamicTest("get without keys answers every item, these among them", () -> {
                String key = newKey();
                backend.set(key, "all", "3");
                Map<String, ConfigurationItem> items = Ops.await(store.get(List.of(), Map.of()));
                assertEquals("all", items.containsKey(key) ? items.get(key).value() : null, "item " + key);
            }));
            nodes.add(dynamicTest("a subscription reports changes of its keys, and of no other, until it ends",
                    () -> subscription(store, backend)));
            nodes.add(dynamicTest("a subscription without keys reports a change of any key",
                    () -> everyKey(store, backend)));
            nodes.add(dynamicTest("unsubscribe of an unknown id fails with SubscriptionNotFoundException",
                    () -> Ops.failsWith(store.unsubscribe("no-such-subscription-" + UUID.randomUUID()),
                            "unsubscribe", SubscriptionNotFoundException.class)));
        }
        nodes.add(live.closeTest());
        nodes.add(dynamicTest("the test backend closes", backend::close));
        return Labels.apply(dynamicContainer(live.displayName(), nodes));
    }

    private static void subscription(ConfigurationStore store, ConfigurationBackend backend) throws Exception {
        String watched = newKey();
        String other = newKey();
        BlockingQueue<ConfigurationUpdate> updates = new LinkedBlockingQueue<>();
        String id = Ops.await(store.subscribe(List.of(watched), Map.of(), updates::add));
        assertNotNull(id);
        assertFalse(id.isEmpty(), "the subscription id is empty");

        backend.set(other, "x", "1");
        backend.set(watched, "v1", "1");
        ConfigurationUpdate first = next(updates, watched, true);
        assertEquals(id, first.subscriptionId());
        assertEquals("v1", first.items().get(watched).value());
        assertEquals("1", first.items().get(watched).version());

        backend.set(watched, "v2", "2");
        assertEquals("v2", next(updates, watched, true).items().get(watched).value());

        Ops.await(store.unsubscribe(id));
        updates.clear();
        backend.set(watched, "v3", "3");
        assertNull(updates.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS), "a change after unsubscribe was reported");
        Ops.failsWith(store.unsubscribe(id), "a second unsubscribe", SubscriptionNotFoundException.class);
    }

    private static void everyKey(ConfigurationStore store, ConfigurationBackend backend) throws Exception {
        BlockingQueue<ConfigurationUpdate> updates = new LinkedBlockingQueue<>();
        String id = Ops.await(store.subscribe(List.of(), Map.of(), updates::add));
        try {
            String key = newKey();
            backend.set(key, "any", "1");
            assertEquals("any", next(updates, key, false).items().get(key).value());
        } finally {
            Ops.await(store.unsubscribe(id));
        }
    }

    /**
     * The next update about {@code key}; with {@code only} set, fails on an update about any other
     * key (a key the subscription never asked for).
     */
    private static ConfigurationUpdate next(BlockingQueue<ConfigurationUpdate> updates, String key, boolean only)
            throws InterruptedException {
        long end = System.nanoTime() + DELIVERY.toNanos();
        while (System.nanoTime() < end) {
            ConfigurationUpdate u = updates.poll(10, TimeUnit.MILLISECONDS);
            if (u == null) {
                continue;
            }
            if (only && !u.items().keySet().equals(Set.of(key))) {
                fail("a subscription to " + key + " reported " + u.items().keySet());
            }
            if (u.items().containsKey(key)) {
                return u;
            }
        }
        return fail("no update about " + key + " within " + DELIVERY);
    }

    private static Map<String, String> values(Map<String, ConfigurationItem> items) {
        Map<String, String> out = new HashMap<>();
        items.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private static ConfigurationBackend backend(String daprType) {
        for (ConfigurationBackend b : ServiceLoader.load(ConfigurationBackend.class)) {
            if (b.daprType().equals(daprType)) {
                return b;
            }
        }
        return null;
    }

    private static String newKey() {
        // letters, digits and '_' only: PostgreSQL's store refuses other characters in keys
        return "conformance_" + UUID.randomUUID().toString().replace("-", "");
    }
}
