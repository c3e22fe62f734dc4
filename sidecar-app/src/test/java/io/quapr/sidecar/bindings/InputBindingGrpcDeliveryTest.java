package io.quapr.sidecar.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprAppCallbackProtos.BindingEventRequest;
import io.quapr.sidecar.testing.app.GrpcTestApp;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.bindings.BindingsGrpcAppResource;
import io.quapr.sidecar.testing.bindings.TestQueueBinding;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Input binding events reach a gRPC app through {@code OnBindingEvent}, only for the bindings its
 * {@code ListInputBindings} names; a failed call leaves the event with its source.
 */
@QuarkusTest
@WithTestResource(BindingsGrpcAppResource.class)
class InputBindingGrpcDeliveryTest {

    @Test
    void anEventIsDeliveredWithItsNameAndMetadata() {
        String data = "ok:" + UUID.randomUUID();
        awaitReading();
        TestQueueBinding.offer("queue", data, Map.of("source", "grpc-test"));

        TestApp.until(() -> TestQueueBinding.acked("queue").contains(data), Duration.ofSeconds(5));
        BindingEventRequest r = GrpcTestApp.bindingEvents(data).get(0);
        assertEquals("queue", r.getName());
        assertEquals("grpc-test", r.getMetadataMap().get("source"));
        assertEquals("got:" + data,
                new String(TestQueueBinding.answer("queue", data), StandardCharsets.UTF_8), "the app's answer");
    }

    @Test
    void aFailedCallIsRedeliveredByTheSource() {
        String data = "fail-once:" + UUID.randomUUID();
        awaitReading();
        TestQueueBinding.offer("queue", data, Map.of());

        TestApp.until(() -> TestQueueBinding.acked("queue").contains(data), Duration.ofSeconds(5));
        assertEquals(2, TestQueueBinding.attempts("queue", data));
        assertEquals(2, GrpcTestApp.bindingEvents(data).size());
    }

    @Test
    void theAnswersToSendsItsDataToThoseOutputBindings() {
        String data = "forward:" + UUID.randomUUID();
        awaitReading();
        TestQueueBinding.offer("queue", data, Map.of());

        TestApp.until(() -> TestQueueBinding.acked("queue").contains(data), Duration.ofSeconds(5));
        TestApp.until(() -> queued("outbox", "got:" + data), Duration.ofSeconds(5));
    }

    @Test
    void bindingsTheAppDoesNotListAreNotRead() {
        awaitReading();
        assertTrue(GrpcTestApp.BINDING_EVENTS.stream().noneMatch(r -> r.getName().equals("tick")));
        assertFalse(TestQueueBinding.reading("outbox"));
    }

    private static boolean queued(String component, String data) {
        return TestQueueBinding.queued(component).contains(data);
    }

    private static void awaitReading() {
        TestApp.until(() -> TestQueueBinding.reading("queue"), Duration.ofSeconds(10));
    }
}
