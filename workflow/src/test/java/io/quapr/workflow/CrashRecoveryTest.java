package io.quapr.workflow;

import static io.quapr.workflow.Harness.eventually;
import static io.quapr.workflow.Harness.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.StringValue;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.TransactionalStateStore;
import io.quapr.workflow.backend.StateStoreBackend;
import io.quapr.workflow.proto.OrchestratorService;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine A runs workflows on a SQLite file and dies mid-run (its store calls stop answering, its
 * worker goes silent, nothing is closed). Engine B opens the same file and finishes every one of
 * them: pending orchestrations, activities and timers (created by A, fired by B) are all in the
 * store.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aNewEngineOnTheSameStoreFinishesWhatACrashedOneLeft() throws Exception {
        Workflows.register();
        MutableClock clock = new MutableClock(Harness.START);
        Path file = dir.resolve("workflows.db");
        // renewed every second: a busy machine may hold the renewal up a while without losing the lease
        Duration ownerLease = Duration.ofSeconds(3);
        Map<String, String> expected = new LinkedHashMap<>();
        try (Stores storesA = new Stores(); Stores storesB = new Stores()) {
            KillableStore storeA = new KillableStore(storesA.sqlite(file));
            WorkflowEngine a = new WorkflowEngine(new StateStoreBackend(storeA, "app", ownerLease),
                    Configuration.DEFAULT, clock);
            join(a.start());
            TestWorker workerA = new TestWorker(a).connect();
            try {
                for (int i = 0; i < 4; i++) {
                    start(a, "sequence", "seq-" + i, "A" + i + ",B" + i + ",C" + i);
                    expected.put("seq-" + i, "Hello, A" + i + "! Hello, B" + i + "! Hello, C" + i + "!");
                }
                start(a, "fanout", "fan", "8");
                expected.put("fan", "204");
                start(a, "parent", "par", "X,Y");
                expected.put("par", "child said: Hello, X! Hello, Y!");
                for (int i = 0; i < 2; i++) {
                    start(a, "sleepy", "sleep-" + i, "z");
                    expected.put("sleep-" + i, "woke at");
                }
                // mid-run: some activities done, some timers created, nothing finished everywhere
                eventually("engine A made progress and created its timers",
                        () -> workerA.activityRuns.get() >= 6 && timerCreated(a, "sleep-0")
                                && timerCreated(a, "sleep-1"));
                workerA.swallowActivities = true;
                storeA.kill();
                workerA.close();
            } finally {
                workerA.close();
            }
            // engine A is never closed: a crashed process closes nothing

            TransactionalStateStore storeB = storesB.sqlite(file);
            try (WorkflowEngine b = new WorkflowEngine(new StateStoreBackend(storeB, "app", ownerLease),
                    Configuration.DEFAULT, clock); TestWorker workerB = new TestWorker(b)) {
                // what A left: unfinished workflows (B can read before it owns the store)
                long finishedByA = expected.keySet().stream()
                        .filter(id -> join(b.getInstance(GetInstanceRequest.newBuilder().setInstanceId(id).build()))
                                .getOrchestrationState()
                                .getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                        .count();
                assertTrue(finishedByA < expected.size(), "A died mid-run");
                long aLeaseEnds = new ObjectMapper()
                        .readTree(storeB.get(GetRequest.of("wf||app||owner")).await()
                                .atMost(Duration.ofSeconds(10)).data())
                        .get("expiresAtMillis").asLong();
                join(b.start());
                assertTrue(System.currentTimeMillis() >= aLeaseEnds,
                        "B waits out A's owner lease before touching the store");
                workerB.connect();
                Set<String> done = ConcurrentHashMap.newKeySet();
                eventually("every workflow completes on engine B", () -> {
                    // timers A or B created fire once the clock passes them
                    clock.advance(Duration.ofMinutes(30));
                    b.checkTimers();
                    for (String id : expected.keySet()) {
                        OrchestrationState s = join(b.getInstance(GetInstanceRequest.newBuilder().setInstanceId(id)
                                .setGetInputsAndOutputs(true).build())).getOrchestrationState();
                        if (s.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
                            done.add(id);
                        }
                    }
                    return done.size() == expected.size();
                });
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    String output = join(b.getInstance(GetInstanceRequest.newBuilder().setInstanceId(e.getKey())
                            .setGetInputsAndOutputs(true).build())).getOrchestrationState().getOutput().getValue();
                    assertTrue(output.startsWith(e.getValue()), e.getKey() + ": " + output);
                    if (!e.getKey().startsWith("sleep")) {
                        assertEquals(e.getValue(), output);
                    }
                }
                assertTrue(workerB.errors.isEmpty(), workerB.errors.toString());
                assertTrue(workerB.activityRuns.get() > 0, "B ran the activities A left");
            }
        }
    }

    @Test
    void aGracefulShutdownHandsTheStoreOverAtOnce() {
        Workflows.register();
        MutableClock clock = new MutableClock(Harness.START);
        Path file = dir.resolve("handover.db");
        Duration ownerLease = Duration.ofSeconds(30);
        try (Stores stores = new Stores()) {
            TransactionalStateStore store = stores.sqlite(file);
            WorkflowEngine a = new WorkflowEngine(new StateStoreBackend(store, "app", ownerLease),
                    Configuration.DEFAULT, clock);
            join(a.start());
            start(a, "waitForGo", "handed-over", "x");
            join(a.shutdown());

            try (WorkflowEngine b = new WorkflowEngine(new StateStoreBackend(store, "app", ownerLease),
                    Configuration.DEFAULT, clock); TestWorker w = new TestWorker(b)) {
                long begin = System.nanoTime();
                join(b.start());
                assertTrue(System.nanoTime() - begin < Duration.ofSeconds(10).toNanos(),
                        "no wait for a lease that was given up");
                w.connect();
                join(b.raiseEvent(OrchestratorService.RaiseEventRequest.newBuilder()
                        .setInstanceId("handed-over").setName("go").setInput(StringValue.of("on B")).build()));
                assertEquals("went on B", join(b.waitForInstanceCompletion(GetInstanceRequest.newBuilder()
                        .setInstanceId("handed-over").setGetInputsAndOutputs(true).build())).getOrchestrationState()
                        .getOutput().getValue());
            }
        }
    }

    private static boolean timerCreated(WorkflowEngine engine, String id) {
        return join(engine.getInstanceHistory(
                OrchestratorService.GetInstanceHistoryRequest.newBuilder().setInstanceId(id)
                        .build()))
                .getEventsList().stream()
                .anyMatch(OrchestratorService.HistoryEvent::hasTimerCreated);
    }

    private static void start(WorkflowEngine engine, String name, String id, String input) {
        join(engine.startInstance(CreateInstanceRequest.newBuilder().setName(name).setInstanceId(id)
                .setInput(StringValue.of(input)).build()));
    }
}
