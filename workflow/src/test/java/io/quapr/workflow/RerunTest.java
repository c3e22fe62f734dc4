package io.quapr.workflow;

import static io.quapr.workflow.Harness.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.RerunWorkflowFromEventRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code RerunWorkflowFromEvent} on every backend. */
class RerunTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void rerunFromAnActivityKeepsWhatCameBeforeAndRunsTheRestAgain(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            TestWorker w = h.worker();
            h.start("sequence", "src", "Tokyo,Seattle,London");
            h.awaitCompletion("src");
            int runsBefore = w.activityRuns.get();

            String id = join(h.engine.rerunWorkflowFromEvent(RerunWorkflowFromEventRequest.newBuilder()
                    .setSourceInstanceID("src").setEventID(1).setNewInstanceID("again").setOverwriteInput(true)
                    .setInput(StringValue.of("Berlin")).build())).getNewInstanceID();
            assertEquals("again", id);
            OrchestrationState s = h.awaitCompletion("again");
            assertEquals("Hello, Tokyo! Hello, Berlin! Hello, London!", s.getOutput().getValue());
            // the first activity's result was kept: only the rerun one and the one after it ran
            assertEquals(2, w.activityRuns.get() - runsBefore);

            List<HistoryEvent> history = h.history("again");
            HistoryEvent rerun = history.stream().filter(e -> e.hasTaskScheduled() && e.getEventId() == 1).findFirst()
                    .orElseThrow();
            assertEquals("src", rerun.getTaskScheduled().getRerunParentInstanceInfo().getInstanceID());
            assertEquals("again", history.stream().filter(HistoryEvent::hasExecutionStarted).findFirst().orElseThrow()
                    .getExecutionStarted().getOrchestrationInstance().getInstanceId());
            // the source is untouched
            assertEquals("Hello, Tokyo! Hello, Seattle! Hello, London!",
                    h.awaitCompletion("src").getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void rerunFromAChildWorkflowCreatesANewChild(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("parent", "par", "Nice");
            h.awaitCompletion("par");
            join(h.engine.rerunWorkflowFromEvent(RerunWorkflowFromEventRequest.newBuilder()
                    .setSourceInstanceID("par").setEventID(0).setNewInstanceID("par2").build()));
            assertEquals("child said: Hello, Nice!", h.awaitCompletion("par2").getOutput().getValue());
            OrchestrationState child = h.awaitCompletion("par2:0000");
            assertEquals("par2", child.getParentInstanceId().getValue());

            InvalidRequestException fromChild = assertThrows(InvalidRequestException.class,
                    () -> join(h.engine.rerunWorkflowFromEvent(RerunWorkflowFromEventRequest.newBuilder()
                            .setSourceInstanceID("par-child").setEventID(0).build())));
            assertTrue(fromChild.getMessage().contains("cannot rerun from child-workflows"));
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void rerunRefusesRunningSourcesAndEventsThatAreNotTasks(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("waitForGo", "busy", "x");
            assertThrows(InstanceStillRunningException.class, () -> join(h.engine.rerunWorkflowFromEvent(
                    RerunWorkflowFromEventRequest.newBuilder().setSourceInstanceID("busy").setEventID(0).build())));
            assertThrows(InstanceNotFoundException.class, () -> join(h.engine.rerunWorkflowFromEvent(
                    RerunWorkflowFromEventRequest.newBuilder().setSourceInstanceID("nobody").build())));
            h.start("sequence", "done", "A");
            h.awaitCompletion("done");
            // event 1 of "done" is its ExecutionCompleted, not a task
            assertThrows(InvalidRequestException.class, () -> join(h.engine.rerunWorkflowFromEvent(
                    RerunWorkflowFromEventRequest.newBuilder().setSourceInstanceID("done").setEventID(1).build())));
        }
    }
}
