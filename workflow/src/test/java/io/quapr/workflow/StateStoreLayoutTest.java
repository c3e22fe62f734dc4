package io.quapr.workflow;

import static io.quapr.workflow.Harness.join;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.TransactionalStateStore;
import io.quapr.workflow.backend.StateStoreBackend;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.ListInstanceIDsRequest;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the state-store backend leaves in the store, read back with the store's own API. */
class StateStoreLayoutTest {

    @TempDir
    Path dir;

    @Test
    void historyIsAppendedChunkByChunkAndNothingPendingIsLeftBehind() throws Exception {
        Workflows.register();
        try (Stores stores = new Stores()) {
            TransactionalStateStore store = stores.sqlite(dir.resolve("wf.db"));
            KeysLikeStateStore keys = (KeysLikeStateStore) store;
            try (WorkflowEngine engine = new WorkflowEngine(new StateStoreBackend(store, "app", Duration.ofSeconds(5)),
                    Configuration.DEFAULT, new MutableClock(Harness.START)); TestWorker w = new TestWorker(engine)) {
                join(engine.start());
                w.swallowActivities = true;
                w.connect();
                start(engine, "app", "seq", "A,B,C");
                WorkItem first = w.swallowed.poll(10, TimeUnit.SECONDS);
                byte[] chunk0 = get(store, "wf||app||i||seq||h||0");
                assertTrue(chunk0 != null && chunk0.length > 0, "the first run wrote chunk 0");
                w.swallowActivities = false;
                w.answer(first);
                join(engine.waitForInstanceCompletion(GetInstanceRequest.newBuilder().setInstanceId("seq").build()));

                // four runs, four chunks; the first one untouched by the later runs
                assertEquals(List.of("wf||app||i||seq||h||0", "wf||app||i||seq||h||1", "wf||app||i||seq||h||2",
                        "wf||app||i||seq||h||3"), sorted(keys, "wf||app||i||seq||h||%"));
                assertArrayEquals(chunk0, get(store, "wf||app||i||seq||h||0"));
                assertEquals(List.of(), sorted(keys, "wf||app||i||seq||in||%"), "inbox consumed");
                assertEquals(List.of(), sorted(keys, "wf||app||i||seq||act||%"), "activities done");
                assertTrue(get(store, "wf||app||i||seq||meta") != null);
                assertTrue(get(store, "wf||app||owner") != null);
            }
        }
    }

    @Test
    void twoAppsShareOneStoreWithoutSeeingEachOther() {
        Workflows.register();
        try (Stores stores = new Stores()) {
            TransactionalStateStore store = stores.sqlite(dir.resolve("shared.db"));
            MutableClock clock = new MutableClock(Harness.START);
            try (WorkflowEngine billing = new WorkflowEngine(
                    new StateStoreBackend(store, "billing", Duration.ofSeconds(5)), Configuration.DEFAULT, clock);
                    WorkflowEngine shipping = new WorkflowEngine(
                            new StateStoreBackend(store, "shipping", Duration.ofSeconds(5)), Configuration.DEFAULT,
                            clock);
                    TestWorker wb = new TestWorker(billing);
                    TestWorker ws = new TestWorker(shipping)) {
                join(billing.start());
                join(shipping.start());
                wb.connect();
                ws.connect();
                start(billing, "billing", "same-id", "Invoice");
                start(shipping, "shipping", "same-id", "Parcel");
                assertEquals("Hello, Invoice!", output(billing, "same-id"));
                assertEquals("Hello, Parcel!", output(shipping, "same-id"));
                start(billing, "billing", "only-billing", "X");
                output(billing, "only-billing");
                assertEquals(List.of("only-billing", "same-id"),
                        join(billing.listInstanceIds(ListInstanceIDsRequest.getDefaultInstance()))
                                .getInstanceIdsList());
                assertEquals(List.of("same-id"),
                        join(shipping.listInstanceIds(ListInstanceIDsRequest.getDefaultInstance()))
                                .getInstanceIdsList());
            }
        }
    }

    private static void start(WorkflowEngine engine, String app, String id, String input) {
        join(engine.startInstance(CreateInstanceRequest.newBuilder().setName("sequence").setInstanceId(id)
                .setInput(StringValue.of(input)).build()));
    }

    private static String output(WorkflowEngine engine, String id) {
        return join(engine.waitForInstanceCompletion(
                GetInstanceRequest.newBuilder().setInstanceId(id).setGetInputsAndOutputs(true).build()))
                .getOrchestrationState().getOutput().getValue();
    }

    private static byte[] get(TransactionalStateStore store, String key) {
        return store.get(GetRequest.of(key)).await().atMost(Duration.ofSeconds(10)).data();
    }

    private static List<String> sorted(KeysLikeStateStore store, String pattern) {
        return store.keysLike(pattern, null, 0).await().atMost(Duration.ofSeconds(10)).keys().stream().sorted()
                .toList();
    }
}
