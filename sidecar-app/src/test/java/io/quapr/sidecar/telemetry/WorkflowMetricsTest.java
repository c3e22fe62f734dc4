package io.quapr.sidecar.telemetry;

import static io.quapr.sidecar.telemetry.MetricsHttpTest.countOrZero;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quapr.workflow.WorkItemSink;
import io.quapr.workflow.WorkerConnection;
import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.ActivityResponse;
import io.quapr.workflow.proto.OrchestratorService.CompleteOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorAction;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.ScheduleTaskAction;
import io.quapr.workflow.proto.OrchestratorService.TaskFailureDetails;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workflows run through the HTTP API, with a small worker on the engine bean, show up in
 * daprd's {@code dapr_runtime_workflow_*} metrics: {@code metricsOrder} runs the activity
 * {@code metricsCharge} and completes with its result; {@code metricsBroken} runs
 * {@code metricsExplode}, which throws, and fails. The names are this test's own, so their series
 * count only what it does; the operation counters are shared with other tests, so they are
 * compared before and after.
 */
@QuarkusTest
class WorkflowMetricsTest {

    private static final String BASE = "/v1.0/workflows/dapr";

    @Inject
    WorkflowRuntime runtime;

    @Inject
    MetricsServer server;

    private final ExecutorService answers = Executors.newSingleThreadExecutor();
    private WorkerConnection worker;

    @BeforeEach
    void connectWorker() {
        worker = runtime.engine().connectWorker(GetWorkItemsRequest.getDefaultInstance(), new WorkItemSink() {
            @Override
            public void send(WorkItem item) {
                // answered on another thread: send must not block the engine
                answers.execute(() -> answer(item));
            }
        });
    }

    @AfterEach
    void disconnectWorker() {
        worker.close();
        answers.shutdownNow();
    }

    private void answer(WorkItem item) {
        if (item.hasOrchestratorRequest()) {
            runtime.engine().completeOrchestratorTask(
                    orchestrate(item.getOrchestratorRequest()).setCompletionToken(item.getCompletionToken()).build());
        } else if (item.hasActivityRequest()) {
            ActivityRequest a = item.getActivityRequest();
            ActivityResponse.Builder r = ActivityResponse.newBuilder()
                    .setInstanceId(a.getOrchestrationInstance().getInstanceId()).setTaskId(a.getTaskId())
                    .setCompletionToken(item.getCompletionToken());
            if (a.getName().equals("metricsExplode")) {
                r.setFailureDetails(TaskFailureDetails.newBuilder().setErrorType("java.lang.IllegalStateException")
                        .setErrorMessage("card declined"));
            } else {
                r.setResult(StringValue.of("\"charged\""));
            }
            runtime.engine().completeActivityTask(r.build());
        }
    }

    /** One activity, then complete with its result or fail with its failure. */
    private static OrchestratorResponse.Builder orchestrate(OrchestratorRequest request) {
        List<HistoryEvent> history = new ArrayList<>(request.getPastEventsList());
        history.addAll(request.getNewEventsList());
        String name = history.stream().filter(HistoryEvent::hasExecutionStarted).findFirst()
                .map(e -> e.getExecutionStarted().getName()).orElse("");
        OrchestratorResponse.Builder response = OrchestratorResponse.newBuilder()
                .setInstanceId(request.getInstanceId());
        if (history.stream().noneMatch(HistoryEvent::hasTaskScheduled)) {
            String activity = name.equals("metricsBroken") ? "metricsExplode" : "metricsCharge";
            return response.addActions(OrchestratorAction.newBuilder().setId(0)
                    .setScheduleTask(ScheduleTaskAction.newBuilder().setName(activity)));
        }
        for (HistoryEvent e : history) {
            CompleteOrchestrationAction.Builder complete = CompleteOrchestrationAction.newBuilder();
            if (e.hasTaskCompleted()) {
                complete.setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                        .setResult(e.getTaskCompleted().getResult());
            } else if (e.hasTaskFailed()) {
                complete.setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                        .setFailureDetails(e.getTaskFailed().getFailureDetails());
            } else {
                continue;
            }
            return response.addActions(OrchestratorAction.newBuilder().setId(1).setCompleteOrchestration(complete));
        }
        // the activity has not answered yet
        return response;
    }

    @Test
    void workflowsAndActivitiesAreCountedWithDaprdsNamesAndLabels() {
        Scrape before = Scrape.of(server.port());
        String op = "dapr_runtime_workflow_operation_count";
        double created = countOrZero(before, op, "operation=\"create_workflow\"", "status=\"success\"");
        double addFailed = countOrZero(before, op, "operation=\"add_event\"", "status=\"failed\"");
        double purged = countOrZero(before, op, "operation=\"purge_workflow\"", "status=\"success\"");
        double createdTimed = countOrZero(before, "dapr_runtime_workflow_operation_latency_count",
                "operation=\"create_workflow\"", "status=\"success\"");

        given().post(BASE + "/metricsOrder/start?instanceID=wfm-1").then().statusCode(202);
        given().post(BASE + "/metricsBroken/start?instanceID=wfm-2").then().statusCode(202);
        awaitStatus("wfm-1", "COMPLETED");
        awaitStatus("wfm-2", "FAILED");
        // a raise on a missing instance: daprd answers 500 ERR_RAISE_EVENT_WORKFLOW and counts a failed add_event
        given().post(BASE + "/wfm-nobody/raiseEvent/approve").then().statusCode(500);
        given().post(BASE + "/wfm-1/purge").then().statusCode(202);

        // the last run's report follows its commit, which GET may see first
        Scrape s = awaitScrape(t -> countOrZero(t, "dapr_runtime_workflow_execution_count",
                "workflow_name=\"metricsBroken\"", "status=\"failed\"") == 1
                && countOrZero(t, "dapr_runtime_workflow_execution_count", "workflow_name=\"metricsOrder\"",
                        "status=\"success\"") == 1);
        assertTrue(s.text().contains("# TYPE dapr_runtime_workflow_execution_count counter\n"));
        assertTrue(s.text().contains("# TYPE dapr_runtime_workflow_execution_latency histogram\n"));
        // daprd's label keys, sorted as its exporter writes them
        assertTrue(s.text().contains("dapr_runtime_workflow_execution_count{app_id=\"testapp\",namespace=\"\","
                + "status=\"success\",workflow_name=\"metricsOrder\"} 1\n"), s.text());
        assertTrue(s.text().contains("dapr_runtime_workflow_activity_execution_count{activity_name=\"metricsCharge\","
                + "app_id=\"testapp\",namespace=\"\",status=\"success\"} 1\n"), s.text());

        // one execution each, timed from the first run to the end
        assertEquals(1, s.value("dapr_runtime_workflow_execution_latency_count", "workflow_name=\"metricsOrder\"",
                "status=\"success\""));
        assertEquals(1, s.value("dapr_runtime_workflow_execution_latency_bucket", "workflow_name=\"metricsOrder\"",
                "status=\"success\"", "le=\"+Inf\""));
        assertEquals(1, s.value("dapr_runtime_workflow_execution_latency_count", "workflow_name=\"metricsBroken\"",
                "status=\"failed\""));
        assertTrue(s.series("dapr_runtime_workflow_execution_count").stream()
                .noneMatch(l -> l.contains("metricsOrder") && !l.contains("status=\"success\"")),
                "no other outcome for metricsOrder");
        // each first run's lateness, once
        assertEquals(1, s.value("dapr_runtime_workflow_scheduling_latency_count", "app_id=\"testapp\"",
                "namespace=\"\"", "workflow_name=\"metricsOrder\""));
        assertEquals(1, s.value("dapr_runtime_workflow_scheduling_latency_count",
                "workflow_name=\"metricsBroken\""));

        // each activity handed out once and run once
        assertEquals(1, s.value("dapr_runtime_workflow_activity_operation_count", "activity_name=\"metricsCharge\"",
                "status=\"success\""));
        assertEquals(1, s.value("dapr_runtime_workflow_activity_operation_count",
                "activity_name=\"metricsExplode\"", "status=\"success\""));
        assertEquals(1, s.value("dapr_runtime_workflow_activity_execution_count",
                "activity_name=\"metricsExplode\"", "status=\"failed\""));
        assertEquals(1, s.value("dapr_runtime_workflow_activity_execution_latency_count",
                "activity_name=\"metricsCharge\"", "status=\"success\""));

        // the management calls: two starts, a raise on nothing, a purge
        assertEquals(created + 2, s.value(op, "app_id=\"testapp\"", "namespace=\"\"",
                "operation=\"create_workflow\"", "status=\"success\""));
        assertEquals(createdTimed + 2, s.value("dapr_runtime_workflow_operation_latency_count",
                "operation=\"create_workflow\"", "status=\"success\""));
        assertEquals(addFailed + 1, s.value(op, "operation=\"add_event\"", "status=\"failed\""));
        assertEquals(purged + 1, s.value(op, "operation=\"purge_workflow\"", "status=\"success\""));
    }

    /** Scrapes until the condition holds, 10 s at most. */
    private Scrape awaitScrape(Predicate<Scrape> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Scrape s = Scrape.of(server.port());
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metrics never matched:\n" + s.text());
            }
            sleep();
            s = Scrape.of(server.port());
        }
        return s;
    }

    /** Polls GET until the instance has this status, 10 s at most. */
    private static void awaitStatus(String id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var response = given().get(BASE + "/" + id).then().extract();
            if (response.statusCode() == 200) {
                last = response.jsonPath().getString("runtimeStatus");
                if (status.equals(last)) {
                    return;
                }
            }
            sleep();
        }
        throw new AssertionError(id + " never reached " + status + "; last: " + last);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
