package io.quapr.components.pubsub.aws.snssqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metadata as daprd reads it: names, defaults, and the combinations daprd refuses. */
class SnsSqsSettingsTest {

    private static SnsSqsSettings settings(Map<String, String> metadata) {
        return settings(metadata, "orders-app");
    }

    private static SnsSqsSettings settings(Map<String, String> metadata, String appId) {
        ComponentMetadata bound = ComponentMetadata.bind("snssqs", metadata, MetadataSchema.of(SnsSqsPubSub.class),
                Set.of()).metadata();
        return SnsSqsSettings.from(bound, appId);
    }

    private static void refused(String expectedInMessage, Map<String, String> metadata) {
        MetadataException e = assertThrows(MetadataException.class, () -> settings(metadata));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void daprdsDefaults() {
        SnsSqsSettings s = settings(Map.of());
        assertEquals("orders-app", s.queueName(), "consumerID defaults to the app id");
        assertEquals("orders-app", s.fifoMessageGroupId(), "the message group defaults to consumerID");
        assertEquals(10, s.visibilityTimeoutSeconds());
        assertEquals(10, s.retryLimit());
        assertEquals(2, s.waitTimeSeconds());
        assertEquals(10, s.maxMessages());
        assertEquals(Duration.ofSeconds(5), s.assetsTimeout());
        assertFalse(s.fifo());
        assertFalse(s.disableEntityManagement());
        assertFalse(s.single());
        assertNull(s.deadLettersQueueName());
        assertNull(s.accountId());
        assertEquals(SnsSqsSettings.DEFAULT_CONCURRENCY_LIMIT, s.inFlightLimit(), "0 is bounded here");
        assertNull(s.aws().endpoint());
    }

    @Test
    void readsEveryKey() {
        Map<String, String> m = new HashMap<>();
        m.put("endpoint", "http://127.0.0.1:4575");
        m.put("awsRegion", "eu-west-1");
        m.put("accessKey", "a");
        m.put("secretKey", "SECRET-VALUE");
        m.put("consumerID", "billing");
        m.put("messageVisibilityTimeout", "30");
        m.put("messageRetryLimit", "5");
        m.put("sqsDeadLettersQueueName", "billing-dlq");
        m.put("messageReceiveLimit", "3");
        m.put("messageWaitTimeSeconds", "20");
        m.put("messageMaxNumber", "4");
        m.put("fifo", "true");
        m.put("fifoMessageGroupID", "g1");
        m.put("disableEntityManagement", "yes");
        m.put("assetsManagementTimeoutSeconds", "0.5");
        m.put("accountId", "123456789012");
        m.put("concurrencyMode", "parallel");
        m.put("concurrencyLimit", "7");
        SnsSqsSettings s = settings(m);
        assertEquals(URI.create("http://127.0.0.1:4575"), s.aws().endpoint());
        assertEquals("eu-west-1", s.aws().region());
        assertEquals("billing", s.queueName());
        assertEquals(30, s.visibilityTimeoutSeconds());
        assertEquals(5, s.retryLimit());
        assertEquals("billing-dlq", s.deadLettersQueueName());
        assertEquals(3, s.receiveLimit());
        assertEquals(20, s.waitTimeSeconds());
        assertEquals(4, s.maxMessages());
        assertTrue(s.fifo());
        assertEquals("g1", s.fifoMessageGroupId());
        assertTrue(s.disableEntityManagement());
        assertEquals(Duration.ofMillis(500), s.assetsTimeout());
        assertEquals("123456789012", s.accountId());
        assertEquals(7, s.inFlightLimit());
        assertFalse(s.toString().contains("SECRET-VALUE"), s.toString());
    }

    @Test
    void singleModeHandsOverOneAtATime() {
        assertEquals(1, settings(Map.of("concurrencyMode", "single", "concurrencyLimit", "50")).inFlightLimit());
        refused("concurrencyMode", Map.of("concurrencyMode", "Single"));
    }

    @Test
    void anAccountIdThatIsNotTwelveCharactersIsLookedUp() {
        assertNull(settings(Map.of("accountId", "12345")).accountId());
    }

    @Test
    void refusesWhatDaprdRefuses() {
        refused("messageVisibilityTimeout", Map.of("messageVisibilityTimeout", "0"));
        refused("messageRetryLimit", Map.of("messageRetryLimit", "1"));
        refused("messageReceiveLimit", Map.of("sqsDeadLettersQueueName", "dlq"));
        refused("sqsDeadLettersQueueName", Map.of("messageReceiveLimit", "3"));
        refused("disableDeleteOnRetryLimit", Map.of("sqsDeadLettersQueueName", "dlq", "messageReceiveLimit", "3",
                "disableDeleteOnRetryLimit", "true"));
        refused("messageWaitTimeSeconds", Map.of("messageWaitTimeSeconds", "0"));
        refused("messageMaxNumber", Map.of("messageMaxNumber", "0"));
        refused("messageMaxNumber", Map.of("messageMaxNumber", "11"));
        refused("concurrencyLimit", Map.of("concurrencyLimit", "-1"));
        refused("accessKey", Map.of("accessKey", "a"));
        refused("endpoint", Map.of("endpoint", "localhost:4566"));
    }

    @Test
    void refusesMoreThanSqsTakes() {
        refused("messageWaitTimeSeconds", Map.of("messageWaitTimeSeconds", "21"));
        refused("assetsManagementTimeoutSeconds", Map.of("assetsManagementTimeoutSeconds", "soon"));
        refused("assetsManagementTimeoutSeconds", Map.of("assetsManagementTimeoutSeconds", "0"));
    }

    @Test
    void aQueueNeedsAName() {
        MetadataException e = assertThrows(MetadataException.class, () -> settings(Map.of(), ""));
        assertTrue(e.getMessage().contains("consumerID"), e.getMessage());
    }
}
