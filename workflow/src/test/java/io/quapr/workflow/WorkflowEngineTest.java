package io.quapr.workflow;

import static io.quapr.workflow.Harness.eventually;
import static io.quapr.workflow.Harness.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService;
import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstancesRequest;
import io.quapr.workflow.proto.OrchestratorService.RaiseEventRequest;
import io.quapr.workflow.proto.OrchestratorService.ResumeRequest;
import io.quapr.workflow.proto.OrchestratorService.SuspendRequest;
import io.quapr.workflow.proto.OrchestratorService.TerminateRequest;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import io.quapr.workflow.runtime.Protos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine driven by hand-written workers, on every backend. */
class WorkflowEngineTest {

    @TempDir
    Path dir;

    private static final OrchestrationStatus COMPLETED = OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED;

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void activitiesInSequenceCompleteWithTheirConcatenatedOutputs(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("sequence", "seq-1", "Tokyo,Seattle,London");
            OrchestrationState s = h.awaitCompletion("seq-1");
            assertEquals(COMPLETED, s.getOrchestrationStatus());
            assertEquals("Hello, Tokyo! Hello, Seattle! Hello, London!", s.getOutput().getValue());
            assertEquals("Tokyo,Seattle,London", s.getInput().getValue());

            List<HistoryEvent> history = h.history("seq-1");
            // durabletask's numbering: TaskScheduled carries the action id, completions refer to it
            List<Integer> scheduled = history.stream().filter(HistoryEvent::hasTaskScheduled)
                    .map(HistoryEvent::getEventId).toList();
            List<Integer> completed = history.stream().filter(HistoryEvent::hasTaskCompleted)
                    .map(e -> e.getTaskCompleted().getTaskScheduledId()).toList();
            assertEquals(List.of(0, 1, 2), scheduled);
            assertEquals(List.of(0, 1, 2), completed);
            assertTrue(history.get(0).hasOrchestratorStarted(), "each run's new events open with OrchestratorStarted");
            assertTrue(history.get(1).hasExecutionStarted());
            assertTrue(history.get(history.size() - 1).hasExecutionCompleted());
            assertEquals(4, history.stream().filter(HistoryEvent::hasOrchestratorStarted).count());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void fanOutFanIn(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.worker();
            TestWorker.OVERLAPS.set(0);
            h.start("fanout", "fan-1", "10");
            OrchestrationState s = h.awaitCompletion("fan-1");
            assertEquals("385", s.getOutput().getValue());
            assertEquals(0, TestWorker.OVERLAPS.get(), "one orchestration never runs on two workers at once");
            // both workers got activities: round-robin
            assertTrue(h.workers.stream().allMatch(w -> w.activityRuns.get() > 0));
            assertEquals(10, h.workers.stream().mapToInt(w -> w.activityRuns.get()).sum());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void manyWorkflowsWithManyChildrenAtOnce(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.worker();
            TestWorker.OVERLAPS.set(0);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(h.start("manyChildren", "many-" + i, "4"));
            }
            for (String id : ids) {
                assertEquals("Hello, C0! Hello, C1! Hello, C2! Hello, C3!",
                        h.awaitCompletion(id).getOutput().getValue());
            }
            assertEquals(0, TestWorker.OVERLAPS.get());
            assertEquals(100, join(h.engine.listInstanceIds(
                    OrchestratorService.ListInstanceIDsRequest.getDefaultInstance()))
                    .getInstanceIdsCount());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void activityFailureReachesTheWorkflowAsTaskFailed(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("failing", "fail-1", "payload");
            OrchestrationState s = h.awaitCompletion("fail-1");
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED, s.getOrchestrationStatus());
            assertEquals("boom: payload", s.getFailureDetails().getErrorMessage());
            assertEquals(IllegalStateException.class.getName(), s.getFailureDetails().getErrorType());
            HistoryEvent failed = h.history("fail-1").stream().filter(HistoryEvent::hasTaskFailed).findFirst()
                    .orElseThrow();
            assertEquals(0, failed.getTaskFailed().getTaskScheduledId());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void externalEventRaisedAfterTheWait(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("waitForGo", "go-1", "x");
            eventually("first run", () -> h.history("go-1").size() >= 2);
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING, h.status("go-1"));
            join(h.engine.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("go-1").setName("go")
                    .setInput(StringValue.of("now")).build()));
            assertEquals("went now", h.awaitCompletion("go-1").getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void externalEventRaisedBeforeTheWaitIsKept(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            TestWorker w = h.worker();
            w.swallowActivities = true;
            h.start("approval", "appr-1", "Ada");
            WorkItem activity = poll(w);
            // the workflow is busy with its activity and not waiting for the event yet
            join(h.engine.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("appr-1").setName("approval")
                    .setInput(StringValue.of("Grace")).build()));
            eventually("event in history", () -> h.history("appr-1").stream().anyMatch(HistoryEvent::hasEventRaised));
            w.swallowActivities = false;
            w.answer(activity);
            assertEquals("Hello, Ada! approved by Grace", h.awaitCompletion("appr-1").getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void durableTimerFiresWhenTheClockReachesIt(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("sleepy", "sleep-1", "x");
            eventually("timer created", () -> h.history("sleep-1").stream().anyMatch(HistoryEvent::hasTimerCreated));
            assertEquals("sleeping", h.instance("sleep-1").getOrchestrationState().getCustomStatus().getValue());
            h.clock.advance(Duration.ofMinutes(59));
            h.engine.checkTimers();
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING, h.status("sleep-1"));
            h.clock.advance(Duration.ofMinutes(1));
            h.engine.checkTimers();
            OrchestrationState s = h.awaitCompletion("sleep-1");
            assertEquals("woke at " + Harness.START.plus(Duration.ofHours(1)), s.getOutput().getValue());
            HistoryEvent fired = h.history("sleep-1").stream().filter(HistoryEvent::hasTimerFired).findFirst()
                    .orElseThrow();
            HistoryEvent created = h.history("sleep-1").stream().filter(HistoryEvent::hasTimerCreated).findFirst()
                    .orElseThrow();
            assertEquals(created.getEventId(), fired.getTimerFired().getTimerId());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void continueAsNewRestartsTheHistoryWithTheNewInputAndCarryOverEvents(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("counter", "count-1", "0");
            OrchestrationState s = h.awaitCompletion("count-1");
            // generation 3 saw only its own history: OrchestratorStarted, ExecutionStarted, the carried event
            assertEquals("3:kept:3", s.getOutput().getValue());
            assertEquals("3", s.getInput().getValue());
            List<HistoryEvent> history = h.history("count-1");
            assertEquals(1, history.stream().filter(HistoryEvent::hasExecutionStarted).count());
            assertEquals("3", history.stream().filter(HistoryEvent::hasExecutionStarted).findFirst().orElseThrow()
                    .getExecutionStarted().getInput().getValue());
            assertEquals(4, history.size());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void subOrchestrationResultReachesTheParent(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("parent", "p-1", "Oslo,Lima,Kyiv");
            OrchestrationState parent = h.awaitCompletion("p-1");
            assertEquals("child said: Hello, Oslo! Hello, Lima! Hello, Kyiv!", parent.getOutput().getValue());
            OrchestrationState child = h.awaitCompletion("p-1-child");
            assertEquals(COMPLETED, child.getOrchestrationStatus());
            assertEquals("p-1", child.getParentInstanceId().getValue());
            ExecutionStartedEvent started = h.history("p-1-child").stream().filter(HistoryEvent::hasExecutionStarted)
                    .findFirst().orElseThrow().getExecutionStarted();
            assertEquals(0, started.getParentInstance().getTaskScheduledId());
            assertEquals("p-1", started.getParentInstance().getOrchestrationInstance().getInstanceId());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void recursiveTerminateEndsParentAndChild(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("parentOfWaiter", "t-1", "x");
            eventually("child running",
                    () -> h.instance("t-1-child").getExists() && h.history("t-1-child").size() >= 2);
            join(h.engine.terminate(TerminateRequest.newBuilder().setInstanceId("t-1")
                    .setOutput(StringValue.of("\"stop\"")).setRecursive(true).build()));
            OrchestrationState parent = h.awaitCompletion("t-1");
            OrchestrationState child = h.awaitCompletion("t-1-child");
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED, parent.getOrchestrationStatus());
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED, child.getOrchestrationStatus());
            assertEquals("\"stop\"", parent.getOutput().getValue());
            assertEquals("\"stop\"", child.getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void nonRecursiveTerminateLeavesTheChildRunning(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("parentOfWaiter", "t-2", "x");
            eventually("child running",
                    () -> h.instance("t-2-child").getExists() && h.history("t-2-child").size() >= 2);
            join(h.engine.terminate(TerminateRequest.newBuilder().setInstanceId("t-2").build()));
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED,
                    h.awaitCompletion("t-2").getOrchestrationStatus());
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING, h.status("t-2-child"));
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void suspendedInstanceBuffersEventsUntilResumed(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            TestWorker w = h.worker();
            h.start("waitForGo", "s-1", "x");
            eventually("first run", () -> h.history("s-1").size() >= 2);
            join(h.engine.suspend(SuspendRequest.newBuilder().setInstanceId("s-1")
                    .setReason(StringValue.of("maintenance")).build()));
            eventually("suspended", () -> h.status("s-1") == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED);
            int runs = orchestratorRuns(w);
            join(h.engine.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("s-1").setName("go")
                    .setInput(StringValue.of("later")).build()));
            // the event waits in the inbox: no run, not in the history
            sleep(150);
            assertEquals(runs, orchestratorRuns(w));
            assertFalse(h.history("s-1").stream().anyMatch(HistoryEvent::hasEventRaised));
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED, h.status("s-1"));

            join(h.engine.resume(ResumeRequest.newBuilder().setInstanceId("s-1").build()));
            assertEquals("went later", h.awaitCompletion("s-1").getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void purgeDeletesFinishedInstancesRecursivelyAndRefusesRunningOnes(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("waitForGo", "running-1", "x");
            WorkflowException running = assertThrows(WorkflowException.class, () -> join(h.engine
                    .purge(PurgeInstancesRequest.newBuilder().setInstanceId("running-1").build())));
            assertTrue(running instanceof InstanceStillRunningException, running.toString());

            h.start("parent", "pp-1", "A,B,C");
            h.awaitCompletion("pp-1");
            int deleted = join(h.engine.purge(
                    PurgeInstancesRequest.newBuilder().setInstanceId("pp-1").setRecursive(true).build()))
                    .getDeletedInstanceCount();
            assertEquals(2, deleted);
            assertFalse(h.instance("pp-1").getExists());
            assertFalse(h.instance("pp-1-child").getExists());
            assertThrows(InstanceNotFoundException.class, () -> h.history("pp-1"));
            assertEquals(List.of("running-1"), join(h.engine.listInstanceIds(
                    OrchestratorService.ListInstanceIDsRequest.getDefaultInstance()))
                    .getInstanceIdsList());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void startingARunningIdFailsAndAFinishedIdIsReused(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            h.start("waitForGo", "dup", "x");
            InstanceAlreadyExistsException e = assertThrows(InstanceAlreadyExistsException.class,
                    () -> h.start("waitForGo", "dup", "y"));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            join(h.engine.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("dup").setName("go")
                    .setInput(StringValue.of("1")).build()));
            assertEquals("went 1", h.awaitCompletion("dup").getOutput().getValue());

            assertThrows(InvalidRequestException.class, () -> h.start("sequence", "a||b", "x"));
            h.start("sequence", "dup", "Rome");
            assertEquals("Hello, Rome!", h.awaitCompletion("dup").getOutput().getValue());
            assertEquals(1, h.history("dup").stream().filter(HistoryEvent::hasExecutionStarted).count());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void listAndQueryInstancesPage(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.worker();
            for (String id : List.of("q-a", "q-b", "q-c", "other")) {
                h.start("sequence", id, "X");
                h.awaitCompletion(id);
            }
            h.start("waitForGo", "q-d", "x");
            var ids = OrchestratorService.ListInstanceIDsRequest.newBuilder().setPageSize(2);
            var first = join(h.engine.listInstanceIds(ids.build()));
            assertEquals(List.of("other", "q-a"), first.getInstanceIdsList());
            var second = join(h.engine.listInstanceIds(ids.setContinuationToken(first.getContinuationToken()).build()));
            assertEquals(List.of("q-b", "q-c"), second.getInstanceIdsList());
            var third = join(h.engine.listInstanceIds(ids.setContinuationToken(second.getContinuationToken()).build()));
            assertEquals(List.of("q-d"), third.getInstanceIdsList());
            assertFalse(third.hasContinuationToken());

            var query = OrchestratorService.InstanceQuery.newBuilder()
                    .setInstanceIdPrefix(StringValue.of("q-")).addRuntimeStatus(COMPLETED).setMaxInstanceCount(2)
                    .build();
            var page = join(h.engine.queryInstances(
                    OrchestratorService.QueryInstancesRequest.newBuilder().setQuery(query)
                            .build()));
            assertEquals(List.of("q-a", "q-b"),
                    page.getOrchestrationStateList().stream().map(OrchestrationState::getInstanceId).toList());
            assertFalse(page.getOrchestrationState(0).hasOutput(), "no outputs unless asked");
            var rest = join(h.engine.queryInstances(OrchestratorService.QueryInstancesRequest
                    .newBuilder().setQuery(query.toBuilder().setContinuationToken(page.getContinuationToken()))
                    .build()));
            assertEquals(List.of("q-c"),
                    rest.getOrchestrationStateList().stream().map(OrchestrationState::getInstanceId).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void activityOfADisconnectedWorkerIsRedispatchedToAnother(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            TestWorker dying = h.worker();
            dying.swallowActivities = true;
            h.start("sequence", "dc-1", "Paris");
            WorkItem held = poll(dying);
            assertEquals("Paris", held.getActivityRequest().getInput().getValue());
            TestWorker healthy = h.worker();
            dying.disconnect();
            assertEquals("Hello, Paris!", h.awaitCompletion("dc-1").getOutput().getValue());
            assertEquals(1, healthy.activityRuns.get());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void activityWhoseLeaseExpiresIsHandedOutAgainAndTheLateAnswerIsRefused(BackendKind kind) {
        Configuration config = Configuration.DEFAULT.withLeaseDuration(Duration.ofMillis(300));
        try (Harness h = new Harness(kind, dir, config)) {
            TestWorker slow = h.worker();
            slow.swallowActivities = true;
            h.start("sequence", "lease-1", "Bern");
            WorkItem first = poll(slow);
            WorkItem second = poll(slow);
            assertEquals(first.getActivityRequest(), second.getActivityRequest());
            assertTrue(!first.getCompletionToken().equals(second.getCompletionToken()));
            slow.swallowActivities = false;
            // the expired token is refused; the current one completes the workflow
            var lateAnswer = OrchestratorService.ActivityResponse.newBuilder()
                    .setInstanceId("lease-1").setTaskId(0).setResult(StringValue.of("\"stale\""))
                    .setCompletionToken(first.getCompletionToken()).build();
            assertThrows(WorkItemLostException.class, () -> join(h.engine.completeActivityTask(lateAnswer)));
            slow.answer(second);
            assertEquals("Hello, Bern!", h.awaitCompletion("lease-1").getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void orchestrationWhoseLeaseExpiresRunsAgainAndTheLateAnswerIsRefused(BackendKind kind) {
        Configuration config = Configuration.DEFAULT.withLeaseDuration(Duration.ofMillis(300));
        try (Harness h = new Harness(kind, dir, config)) {
            TestWorker w = h.worker();
            w.swallowOrchestrations = true;
            h.start("sequence", "olease", "Oslo");
            WorkItem first = poll(w);
            WorkItem second = poll(w);
            assertEquals(first.getOrchestratorRequest().getNewEventsList().subList(1, 2),
                    second.getOrchestratorRequest().getNewEventsList().subList(1, 2), "the same ExecutionStarted");
            w.swallowOrchestrations = false;
            Ctx late = new Ctx(first.getOrchestratorRequest());
            late.complete("stale");
            assertThrows(WorkItemLostException.class,
                    () -> join(h.engine.completeOrchestratorTask(late.response(first.getCompletionToken()).build())));
            Ctx current = new Ctx(second.getOrchestratorRequest());
            current.callActivity("hello", "Oslo");
            join(h.engine.completeOrchestratorTask(current.response(second.getCompletionToken()).build()));
            assertEquals("Hello, Oslo!", h.awaitCompletion("olease").getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void terminateNeedsNoWorker(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.start("waitForGo", "lonely", "x");
            join(h.engine.terminate(TerminateRequest.newBuilder().setInstanceId("lonely")
                    .setOutput(StringValue.of("bye")).build()));
            OrchestrationState s = h.awaitCompletion("lonely");
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED, s.getOrchestrationStatus());
            assertEquals("bye", s.getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void connectedWorkersCountsOpenStreams(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            assertEquals(0, h.engine.connectedWorkers());
            TestWorker first = h.worker();
            h.worker();
            assertEquals(2, h.engine.connectedWorkers());
            first.disconnect();
            first.disconnect();
            assertEquals(1, h.engine.connectedWorkers(), "a stream closed twice counts once");
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void workerLimitsBoundWhatIsInFlight(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            TestWorker w = h.worker(1, 2);
            w.swallowActivities = true;
            h.start("fanout", "bp-1", "6");
            poll(w);
            poll(w);
            sleep(100);
            assertEquals(0, w.swallowed.size(), "a worker holding its limit gets nothing more");
            assertEquals(2, w.received.stream().filter(WorkItem::hasActivityRequest).count());
            TestWorker other = h.worker();
            assertEquals("91", kindSafeCompletion(h, w, other, "bp-1"));
        }
    }

    private static String kindSafeCompletion(Harness h, TestWorker swallowing, TestWorker other, String id) {
        // the swallowing worker leaves; its two activities go to the other worker with the rest
        swallowing.disconnect();
        String out = h.awaitCompletion(id).getOutput().getValue();
        assertEquals(6, other.activityRuns.get());
        return out;
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void finishedInstancesArePurgedAfterTheRetentionPeriod(BackendKind kind) {
        // completed: 2 hours; failed: the 3-hour default for any terminal status
        Configuration config = Configuration.DEFAULT.withStateRetentionPolicy(
                new RetentionPolicy(Duration.ofHours(3), Duration.ofHours(2), null, null));
        try (Harness h = new Harness(kind, dir, config)) {
            h.worker();
            h.start("sequence", "ret-1", "Rio");
            h.start("failing", "ret-2", "x");
            h.awaitCompletion("ret-1");
            h.awaitCompletion("ret-2");
            h.clock.advance(Duration.ofMinutes(119));
            h.engine.checkTimers();
            assertTrue(h.instance("ret-1").getExists());
            h.clock.advance(Duration.ofMinutes(2));
            h.engine.checkTimers();
            eventually("completed purged", () -> !h.instance("ret-1").getExists());
            assertTrue(h.instance("ret-2").getExists(), "failed ones are kept longer");
            h.clock.advance(Duration.ofHours(1));
            h.engine.checkTimers();
            eventually("failed purged", () -> !h.instance("ret-2").getExists());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void waitForStartCompletesWhenTheFirstRunCommits(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            h.start("waitForGo", "ws-1", "x");
            var waiting = h.engine.waitForInstanceStart(OrchestratorService.GetInstanceRequest
                    .newBuilder().setInstanceId("ws-1").build()).toCompletableFuture();
            sleep(50);
            assertFalse(waiting.isDone(), "no worker, so the instance is still pending");
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_PENDING, h.status("ws-1"));
            h.worker();
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING,
                    join(waiting).getOrchestrationState().getOrchestrationStatus());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void aScheduledStartWaitsForItsTime(BackendKind kind) {
        try (Harness h = new Harness(kind, dir)) {
            TestWorker w = h.worker();
            join(h.engine.startInstance(OrchestratorService.CreateInstanceRequest.newBuilder()
                    .setName("sequence").setInstanceId("later").setInput(StringValue.of("Quito"))
                    .setScheduledStartTimestamp(
                            Protos.timestamp(Harness.START.plus(Duration.ofHours(1))))
                    .build()));
            sleep(100);
            assertEquals(0, orchestratorRuns(w), "nothing runs before the scheduled start");
            assertEquals(OrchestrationStatus.ORCHESTRATION_STATUS_PENDING, h.status("later"));
            h.clock.advance(Duration.ofHours(1));
            h.engine.checkTimers();
            assertEquals("Hello, Quito!", h.awaitCompletion("later").getOutput().getValue());
        }
    }

    private static int orchestratorRuns(TestWorker w) {
        return (int) w.received.stream().filter(WorkItem::hasOrchestratorRequest).count();
    }

    private static WorkItem poll(TestWorker w) {
        try {
            WorkItem item = w.swallowed.poll(10, TimeUnit.SECONDS);
            if (item == null) {
                throw new AssertionError("no activity reached the worker");
            }
            return item;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
