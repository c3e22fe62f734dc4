package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.config.Properties;
import io.dapr.workflows.Workflow;
import io.dapr.workflows.WorkflowActivity;
import io.dapr.workflows.WorkflowActivityContext;
import io.dapr.workflows.WorkflowStub;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.client.WorkflowRuntimeStatus;
import io.dapr.workflows.client.WorkflowState;
import io.dapr.workflows.runtime.WorkflowRuntime;
import io.dapr.workflows.runtime.WorkflowRuntimeBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Workflows survive a sidecar killed with SIGKILL: 20 workflows of 5 activities each on Redis
 * (the actor state store), the sidecar killed while they run, a new sidecar of the same app on
 * the same store (and a new worker on it) finishes every one. Plus the API token on the workflow
 * service.
 */
class WorkflowCrashIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Activity runs so far, in any sidecar's life. */
    static final AtomicInteger STEPS = new AtomicInteger();

    /** Five {@code Inc} activities in a row: 0 becomes 5. */
    public static class Five implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                int n = ctx.getInput(Integer.class);
                for (int i = 0; i < 5; i++) {
                    n = ctx.callActivity("Inc", n, Integer.class).await();
                }
                ctx.complete(n);
            };
        }
    }

    /** n + 1, slowly enough that the kill lands in the middle of the run. */
    public static class Inc implements WorkflowActivity {
        @Override
        public Object run(WorkflowActivityContext ctx) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            STEPS.incrementAndGet();
            return ctx.getInput(Integer.class) + 1;
        }
    }

    private static WorkflowRuntime worker(Properties properties) {
        WorkflowRuntime runtime = WorkflowSdkIT.build(new WorkflowRuntimeBuilder(properties)
                .registerWorkflow("Five", Five.class).registerActivity("Inc", Inc.class));
        runtime.start(false);
        return runtime;
    }

    @Test
    void killedSidecarsWorkflowsFinishOnItsSuccessor() throws Exception {
        // a fresh app id per run: earlier runs' workflows in the shared Redis stay apart
        String appId = "e2e-wf-crash-" + E2e.RUN;
        // the successor waits out the killed sidecar's owner lease (10 s) before it takes over
        List<String> jvm = List.of();
        List<String> ids = new ArrayList<>();
        Sidecar first = Sidecar.start("workflow-crash-1", appId, jvm, List.of(E2e.resources("workflow-redis")));
        WorkflowRuntime firstWorker = worker(WorkflowSdkIT.sdkProperties(first));
        try (DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(first))) {
            for (int i = 0; i < 20; i++) {
                ids.add(client.scheduleNewWorkflow("Five", 0, "crash-" + i));
            }
            // kill once some, not all, of the 100 activities have run
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (STEPS.get() < 15 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first.kill();
        } finally {
            firstWorker.close();
            first.close();
        }
        int stepsAtKill = STEPS.get();
        assertTrue(stepsAtKill >= 15 && stepsAtKill < 100, "activities run before the kill: " + stepsAtKill);

        try (Sidecar second = Sidecar.start("workflow-crash-2", appId, jvm, List.of(E2e.resources("workflow-redis")));
                DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(second))) {
            WorkflowRuntime secondWorker = worker(WorkflowSdkIT.sdkProperties(second));
            try {
                Map<String, Integer> outputs = new HashMap<>();
                for (String id : ids) {
                    WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
                    assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus(), id);
                    outputs.put(id, s.readOutputAs(Integer.class));
                }
                assertEquals(20, outputs.size());
                outputs.forEach((id, out) -> assertEquals(5, out, id));
            } finally {
                secondWorker.close();
            }
        }
    }

    @Test
    void workflowServiceWantsTheApiToken() throws Exception {
        Path data = E2e.target().resolve("e2e-data/workflow-token");
        E2e.deleteTree(data);
        try (Sidecar sidecar = Sidecar.start("workflow-token", "e2e-wf-token", List.of(), List.of(), 0,
                List.of("--data-dir", data.toString()),
                Map.of("DAPR_API_TOKEN", "wf-secret", "HOME", E2e.target().resolve("e2e-data/wf-home").toString()))) {
            try (DaprWorkflowClient anonymous = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(sidecar))) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> anonymous.scheduleNewWorkflow("Five", 0, "token-1"));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
            }
            Map<String, String> withToken = new HashMap<>(Map.of(Properties.SIDECAR_IP.getName(), "127.0.0.1",
                    Properties.GRPC_PORT.getName(), Integer.toString(sidecar.grpcPort()),
                    Properties.API_TOKEN.getName(), "wf-secret"));
            Properties properties = new Properties(withToken);
            WorkflowRuntime runtime = worker(properties);
            try (DaprWorkflowClient client = new DaprWorkflowClient(properties)) {
                String id = client.scheduleNewWorkflow("Five", 10, "token-2");
                WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
                assertEquals(15, s.readOutputAs(Integer.class));
            } finally {
                runtime.close();
            }
        }
    }
}
