package io.quapr.workflow;

import static io.quapr.workflow.Harness.eventually;
import static io.quapr.workflow.Harness.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstancesRequest;
import io.quapr.workflow.proto.OrchestratorService.RaiseEventRequest;
import io.quapr.workflow.proto.OrchestratorService.TerminateRequest;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the engine tells its {@link WorkflowObserver}: each event once, with the times the test's
 * clock makes exact (operations are timed by the real clock, so only their outcome is compared).
 */
class WorkflowObserverTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void operationsFinishedWorkflowsActivitiesAndSchedulingAreReported(BackendKind kind) {
        Recorder o = new Recorder();
        try (Harness h = new Harness(kind, dir, Configuration.DEFAULT, o)) {
            h.start("approval", "obs-1", "Ada");
            // no worker for 2 s: the first run starts 2 s after creation
            h.clock.advance(Duration.ofSeconds(2));
            // swallowing before it connects: the activity may be handed out the moment it does
            TestWorker w = new TestWorker(h.engine);
            w.swallowActivities = true;
            h.workers.add(w.connect());
            WorkItem activity = poll(w);
            eventually("activity dispatched", () -> o.has("dispatched hello true PT0S"));
            h.clock.advance(Duration.ofSeconds(4));
            w.swallowActivities = false;
            w.answer(activity);
            join(h.engine.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("obs-1").setName("approval")
                    .setInput(StringValue.of("Grace")).build()));
            assertEquals("Hello, Ada! approved by Grace", h.awaitCompletion("obs-1").getOutput().getValue());
            assertEquals(1, purge("obs-1", h));
            assertEquals(0, purge("obs-1", h), "nothing left to purge: not an operation");
            assertThrows(InstanceNotFoundException.class, () -> join(h.engine.raiseEvent(
                    RaiseEventRequest.newBuilder().setInstanceId("nobody").setName("approval").build())));

            h.start("waitForGo", "obs-2", "x");
            assertThrows(InstanceAlreadyExistsException.class, () -> h.start("waitForGo", "obs-2", "x"));
            eventually("obs-2 running",
                    () -> h.status("obs-2") == OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
            assertThrows(InstanceStillRunningException.class, () -> purge("obs-2", h));
            h.clock.advance(Duration.ofSeconds(3));
            join(h.engine.terminate(TerminateRequest.newBuilder().setInstanceId("obs-2").build()));
            h.awaitCompletion("obs-2");

            List<String> expected = sorted("op create_workflow true", "op create_workflow true",
                    "op create_workflow false", "op add_event true", "op add_event true", "op add_event false",
                    "op purge_workflow true", "op purge_workflow false",
                    "scheduled approval PT2S", "scheduled waitForGo PT0S",
                    "dispatched hello true PT0S", "activity hello SUCCESS PT4S",
                    // from the first run (at +2 s) to the completion (at +6 s)
                    "run approval SUCCESS PT4S",
                    // terminated 3 s after its first run: a failed execution, as daprd counts it
                    "run waitForGo FAILED PT3S");
            eventuallyEqual(expected, o);
            assertFalse(o.negativeOperationTime, "operations are timed");
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void workThatIsHandedOutAgainIsRecoverable(BackendKind kind) {
        Recorder o = new Recorder();
        try (Harness h = new Harness(kind, dir, Configuration.DEFAULT, o)) {
            TestWorker dying = h.worker();
            dying.swallowActivities = true;
            h.start("approval", "rec-1", "Ada");
            poll(dying);
            eventually("activity dispatched", () -> o.has("dispatched hello true PT0S"));
            h.clock.advance(Duration.ofSeconds(3));
            TestWorker stuck = h.worker();
            stuck.swallowOrchestrations = true;
            // its activity goes to the other worker, which runs it, then holds the next run
            dying.disconnect();
            WorkItem run = poll(stuck);
            assertTrue(run.hasOrchestratorRequest());
            stuck.disconnect();

            List<String> expected = sorted("op create_workflow true", "scheduled approval PT0S",
                    "dispatched hello true PT0S", "dispatched hello true PT0S",
                    // held 3 s by the worker that left
                    "activity hello RECOVERABLE PT3S", "activity hello SUCCESS PT0S",
                    "run approval RECOVERABLE PT0S");
            eventuallyEqual(expected, o);
        }
    }

    /** Waits for every report; on a timeout, fails showing what was reported instead. */
    private static void eventuallyEqual(List<String> expected, Recorder o) {
        try {
            eventually("every report", () -> o.sorted().equals(expected));
        } catch (AssertionError timedOut) {
            assertEquals(expected, o.sorted(), "timed out waiting for every report");
        }
    }

    private static int purge(String id, Harness h) {
        return join(h.engine.purge(PurgeInstancesRequest.newBuilder().setInstanceId(id).build()))
                .getDeletedInstanceCount();
    }

    private static WorkItem poll(TestWorker w) {
        try {
            WorkItem item = w.swallowed.poll(10, TimeUnit.SECONDS);
            if (item == null) {
                throw new AssertionError("nothing reached the worker");
            }
            return item;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> sorted(String... events) {
        List<String> list = new ArrayList<>(List.of(events));
        Collections.sort(list);
        return list;
    }

    /** Every report as a line of text. */
    private static final class Recorder implements WorkflowObserver {
        private final List<String> events = Collections.synchronizedList(new ArrayList<>());
        volatile boolean negativeOperationTime;

        @Override
        public void operation(Operation operation, boolean success, Duration elapsed) {
            negativeOperationTime |= elapsed.isNegative();
            events.add("op " + operation.name().toLowerCase(Locale.ROOT) + " " + success);
        }

        @Override
        public void workflowRun(String workflowName, Outcome outcome, Duration sinceFirstRun) {
            events.add("run " + workflowName + " " + outcome + " " + sinceFirstRun);
        }

        @Override
        public void workflowScheduled(String workflowName, Duration latency) {
            events.add("scheduled " + workflowName + " " + latency);
        }

        @Override
        public void activityDispatched(String activityName, boolean delivered, Duration waited) {
            events.add("dispatched " + activityName + " " + delivered + " " + waited);
        }

        @Override
        public void activityRun(String activityName, Outcome outcome, Duration elapsed) {
            events.add("activity " + activityName + " " + outcome + " " + elapsed);
        }

        boolean has(String event) {
            return events.contains(event);
        }

        List<String> sorted() {
            List<String> copy;
            synchronized (events) {
                copy = new ArrayList<>(events);
            }
            Collections.sort(copy);
            return copy;
        }
    }
}
