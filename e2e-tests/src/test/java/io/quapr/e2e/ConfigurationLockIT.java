package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.ConfigurationItem;
import io.dapr.client.domain.SubscribeConfigurationResponse;
import io.dapr.client.domain.UnlockResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The Configuration and distributed lock APIs through the Java SDK ({@code getConfiguration},
 * {@code subscribeConfiguration}, {@code tryLock}, {@code unlock}) and the JavaScript SDK's
 * configuration calls, against
 * {@code configuration.redis} and {@code lock.redis} on the loopback Redis.
 */
class ConfigurationLockIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Sidecar sidecar;
    private static DaprClient dapr;
    private static DaprPreviewClient preview;

    @BeforeAll
    static void startSidecar() {
        sidecar = Sidecar.start("config-lock", "e2e-config-lock", List.of(), List.of(E2e.resources("config-lock")));
        dapr = sidecar.javaClient();
        preview = sidecar.javaPreviewClient();
    }

    @AfterAll
    static void stopSidecar() throws Exception {
        try {
            if (preview != null) {
                preview.close();
            }
            if (dapr != null) {
                dapr.close();
            }
        } finally {
            if (sidecar != null) {
                sidecar.close();
            }
        }
    }

    @Test
    void getConfigurationReadsValueAndVersion() {
        String key = "e2e-" + UUID.randomUUID();
        RedisCli.set(6, key, "blue||7");
        Map<String, ConfigurationItem> items = dapr.getConfiguration("configstore", key, "e2e-missing")
                .block(TIMEOUT);
        assertEquals(1, items.size(), items.toString());
        assertEquals("blue", items.get(key).getValue());
        assertEquals("7", items.get(key).getVersion());
    }

    @Test
    void subscribeConfigurationStreamsChanges() throws InterruptedException {
        String key = "e2e-" + UUID.randomUUID();
        BlockingQueue<SubscribeConfigurationResponse> received = new LinkedBlockingQueue<>();
        Disposable subscription = dapr.subscribeConfiguration("configstore", key).subscribe(received::add);
        try {
            SubscribeConfigurationResponse first = received.poll(30, TimeUnit.SECONDS);
            assertTrue(first != null && !first.getSubscriptionId().isEmpty(), "no subscription id: " + first);
            RedisCli.set(6, key, "green||8");
            SubscribeConfigurationResponse update = received.poll(30, TimeUnit.SECONDS);
            assertTrue(update != null, "no update");
            assertEquals(first.getSubscriptionId(), update.getSubscriptionId());
            assertEquals("green", update.getItems().get(key).getValue());
            assertEquals("8", update.getItems().get(key).getVersion());
            assertTrue(dapr.unsubscribeConfiguration(first.getSubscriptionId(), "configstore").block(TIMEOUT)
                    .getIsUnsubscribed());
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void theJavaScriptSdkReadsAndSubscribes() {
        JsSdk.run("configuration", "configuration.test.mjs", sidecar, Map.of("CONFIG_STORE", "configstore",
                "CONFIG_REDIS_DB", "6"));
    }

    @Test
    void tryLockAndUnlock() {
        String resource = "e2e-" + UUID.randomUUID();
        assertTrue(preview.tryLock("lockstore", resource, "alice", 30).block(TIMEOUT));
        assertFalse(preview.tryLock("lockstore", resource, "bob", 30).block(TIMEOUT));
        assertEquals(UnlockResponseStatus.LOCK_BELONG_TO_OTHERS,
                preview.unlock("lockstore", resource, "bob").block(TIMEOUT));
        assertEquals(UnlockResponseStatus.SUCCESS, preview.unlock("lockstore", resource, "alice").block(TIMEOUT));
        assertEquals(UnlockResponseStatus.LOCK_UNEXIST, preview.unlock("lockstore", resource, "alice").block(TIMEOUT));
    }
}
