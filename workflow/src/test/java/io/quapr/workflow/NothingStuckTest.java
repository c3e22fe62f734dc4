package io.quapr.workflow;

import static io.quapr.workflow.Harness.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.InstanceQuery;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nothing is left behind under load: thousands of workflows of 15 activities each, all started at
 * once, two workers with the default limits (100 items each) sharing the work, so that work items
 * wait for room all the time. Every one completes with its output, and no instance is left pending
 * or running. 10,000 workflows on the in-memory backend (150,000 activities); 1,000 on a state
 * store on SQLite, whose speed the workflow benchmark measures. (This test found a lost activity:
 * two activities parked in the one slot there was when a fetch and a hand-out raced.)
 */
class NothingStuckTest {

    private static final int ACTIVITIES = 15;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({ "IN_MEMORY, 10000", "STATE_STORE_SQLITE, 1000" })
    void manyWorkflowsOfFifteenActivitiesAllComplete(BackendKind kind, int workflows) throws Exception {
        String input = IntStream.range(0, ACTIVITIES).mapToObj(i -> "c" + i).collect(Collectors.joining(","));
        String output = IntStream.range(0, ACTIVITIES).mapToObj(i -> "Hello, c" + i + "!")
                .collect(Collectors.joining(" "));
        try (Harness h = new Harness(kind, dir)) {
            TestWorker first = h.worker();
            TestWorker second = h.worker();
            List<CompletionStage<CreateInstanceResponse>> starts = new ArrayList<>(workflows);
            for (int i = 0; i < workflows; i++) {
                starts.add(h.engine.startInstance(CreateInstanceRequest.newBuilder().setName("sequence")
                        .setInstanceId("stuck-" + i).setInput(StringValue.of(input)).build()));
            }
            starts.forEach(Harness::join);
            // all run at once, so the first finishes near the end: one deadline for the whole run
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            for (int i = 0; i < workflows; i++) {
                GetInstanceResponse r = h.engine.waitForInstanceCompletion(GetInstanceRequest.newBuilder()
                        .setInstanceId("stuck-" + i).setGetInputsAndOutputs(true).build()).toCompletableFuture()
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertEquals(output, r.getOrchestrationState().getOutput().getValue(), "stuck-" + i);
            }
            InstanceQuery unfinished = InstanceQuery.newBuilder()
                    .addRuntimeStatus(OrchestrationStatus.ORCHESTRATION_STATUS_PENDING)
                    .addRuntimeStatus(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING).setMaxInstanceCount(10).build();
            assertEquals(0,
                    join(h.engine.queryInstances(QueryInstancesRequest.newBuilder().setQuery(unfinished).build()))
                            .getOrchestrationStateCount(),
                    "instances left pending or running");
            InstanceQuery completed = InstanceQuery.newBuilder()
                    .addRuntimeStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                    .setMaxInstanceCount(workflows + 1).build();
            assertEquals(workflows, join(h.engine.queryInstances(QueryInstancesRequest.newBuilder()
                    .setQuery(completed).build())).getOrchestrationStateCount());
            assertEquals(List.of(), first.errors);
            assertEquals(List.of(), second.errors);
        }
    }
}
