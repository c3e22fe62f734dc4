package io.quapr.sidecar.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The app's {@code /dapr/config} as the Java SDK and others write it. */
class ActorAppConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSdksAnswerWithPerTypeOverrides() throws Exception {
        ActorAppConfig c = ActorAppConfig.parse(JSON.readTree("""
                {"entities":["A","B"],"actorIdleTimeout":"1h0m0s","actorScanInterval":"30s",
                 "drainOngoingCallTimeout":"1m0s","drainRebalancedActors":false,
                 "reentrancy":{"enabled":false},"remindersStoragePartitions":0,
                 "entitiesConfig":[{"entities":["B"],"actorIdleTimeout":"5s",
                   "reentrancy":{"enabled":true,"maxStackDepth":8}}]}
                """), Duration.ofMinutes(60), Duration.ofSeconds(30));
        assertEquals(Set.of("A", "B"), c.entities());
        assertFalse(c.drainRebalancedActors());
        assertEquals(Duration.ofHours(1), c.of("A").idleTimeout());
        assertFalse(c.of("A").reentrant());
        assertEquals(Duration.ofSeconds(5), c.of("B").idleTimeout());
        assertTrue(c.of("B").reentrant());
        assertEquals(8, c.of("B").maxStackDepth());
        assertEquals(Duration.ofMinutes(1), c.of("B").drainTimeout(), "inherited from the app's defaults");
    }

    @Test
    void absentFieldsKeepDaprdsDefaults() throws Exception {
        ActorAppConfig c = ActorAppConfig.parse(JSON.readTree("{\"entities\":[\"A\"]}"), Duration.ofMinutes(60),
                Duration.ofSeconds(30));
        assertEquals(Duration.ofMinutes(60), c.of("A").idleTimeout());
        assertEquals(Duration.ofSeconds(30), c.scanInterval());
        assertEquals(32, c.of("A").maxStackDepth());
        assertTrue(c.drainRebalancedActors());
        assertThrows(IllegalArgumentException.class, () -> ActorAppConfig.parse(JSON.readTree(
                "{\"actorIdleTimeout\":\"soon\"}"), Duration.ofMinutes(60), Duration.ofSeconds(30)));
    }
}
