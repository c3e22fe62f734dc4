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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workflows survive a sidecar killed with SIGKILL, on the embedded {@code state.sqlite} and on
 * Redis (the actor state store): 100 workflows of 10 activities each, the sidecar killed while they
 * run, its successor started on the same ports and store; the worker that was connected to the
 * killed sidecar reconnects by itself, and every workflow completes with the right output, no
 * activity re-run beyond those in flight at the kill. A durable timer set before a kill fires
 * once, on the successor, not before its time. Plus the API token on the workflow service.
 */
class WorkflowCrashIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private static final int WORKFLOWS = 100;

    /** The durable timer of the kill test. */
    private static final int TIMER_SECONDS = 10;

    private static final int STEPS_EACH = 10;

    /** Activity runs so far, in any sidecar's life. */
    static final AtomicInteger STEPS = new AtomicInteger();

    /** Runs of the activity after the timer. */
    static final AtomicInteger AFTER_TIMER = new AtomicInteger();

    /** Ten {@code Inc} activities in a row: n becomes n + 10. */
    public static class Ten implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                int n = ctx.getInput(Integer.class);
                for (int i = 0; i < STEPS_EACH; i++) {
                    n = ctx.callActivity("Inc", n, Integer.class).await();
                }
                ctx.complete(n);
            };
        }
    }

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

    /** A durable timer of the input's seconds, then one {@code AfterTimer} activity. */
    public static class Sleeper implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                int seconds = ctx.getInput(Integer.class);
                ctx.createTimer(Duration.ofSeconds(seconds)).await();
                ctx.complete(ctx.callActivity("AfterTimer", seconds, Integer.class).await());
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

    /** Counts its runs. */
    public static class AfterTimer implements WorkflowActivity {
        @Override
        public Object run(WorkflowActivityContext ctx) {
            AFTER_TIMER.incrementAndGet();
            return ctx.getInput(Integer.class);
        }
    }

    private static WorkflowRuntime worker(Properties properties) {
        WorkflowRuntime runtime = WorkflowSdkIT.build(new WorkflowRuntimeBuilder(properties)
                .registerWorkflow("Ten", Ten.class).registerWorkflow("Five", Five.class)
                .registerWorkflow("Sleeper", Sleeper.class).registerActivity("Inc", Inc.class)
                .registerActivity("AfterTimer", AfterTimer.class));
        runtime.start(false);
        return runtime;
    }

    /** A sidecar on the store under test: Redis (a fresh app id per run) or the embedded SQLite (a fresh data dir). */
    private static Sidecar sidecar(String store, String name) {
        String appId = "e2e-wf-crash-" + store + "-" + E2e.RUN;
        if (store.equals("redis")) {
            return Sidecar.start(name, appId, List.of(), List.of(E2e.resources("workflow-redis")));
        }
        Path data = E2e.target().resolve("e2e-data/" + name);
        E2e.deleteTree(data);
        // no resources path and a HOME without ~/.quapr/components: the embedded default
        return Sidecar.start(name, appId, List.of(), List.of(), 0, List.of("--data-dir", data.toString()),
                Map.of("HOME", E2e.target().resolve("e2e-data/" + name + "-home").toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sqlite", "redis" })
    void killedSidecarsWorkflowsAllFinishOnItsSuccessor(String store) throws Exception {
        STEPS.set(0);
        List<String> ids = new ArrayList<>();
        Sidecar first = sidecar(store, "workflow-crash-" + store + "-1");
        // one worker for both lives: it must find the successor by itself
        WorkflowRuntime worker = worker(WorkflowSdkIT.sdkProperties(first));
        Sidecar second = null;
        try {
            try (DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(first))) {
                for (int i = 0; i < WORKFLOWS; i++) {
                    ids.add(client.scheduleNewWorkflow("Ten", i, "crash-" + store + "-" + i));
                }
                // kill once some, not all, of the 1,000 activities have run
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (STEPS.get() < 200 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                first.kill();
            } finally {
                first.close();
            }
            int stepsAtKill = STEPS.get();
            assertTrue(stepsAtKill >= 200 && stepsAtKill < WORKFLOWS * STEPS_EACH,
                    "activities run before the kill: " + stepsAtKill);

            // the successor waits out the killed sidecar's owner lease (10 s) before it takes over
            second = first.restart("workflow-crash-" + store + "-2");
            try (DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(second))) {
                for (int i = 0; i < WORKFLOWS; i++) {
                    WorkflowState s = client.waitForWorkflowCompletion(ids.get(i), TIMEOUT, true);
                    assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus(), ids.get(i));
                    assertEquals(i + STEPS_EACH, s.readOutputAs(Integer.class), ids.get(i));
                }
            }
            // at least once: the activities in flight at the kill (at most the 100 the engine lets
            // out at once, each run again at most once) are the only ones run twice
            int extra = STEPS.get() - WORKFLOWS * STEPS_EACH;
            assertTrue(extra >= 0 && extra <= 100, "activities run more than once: " + extra);
        } finally {
            // the sidecar first: the SDK's close waits up to a minute for a worker still streaming
            if (second != null) {
                second.close();
            }
            worker.close();
        }
    }

    @Test
    void timerSetBeforeAKillFiresOnceOnTheSuccessorAndNotBeforeItsTime() throws Exception {
        AFTER_TIMER.set(0);
        Sidecar first = sidecar("sqlite", "workflow-timer-1");
        WorkflowRuntime worker = worker(WorkflowSdkIT.sdkProperties(first));
        Sidecar second = null;
        try {
            String id;
            Instant started = Instant.now();
            try (DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(first))) {
                // due 10 s after the start: the kill (at 2 s) and the successor's start (1-2 s) come well before it
                id = client.scheduleNewWorkflow("Sleeper", TIMER_SECONDS, "timer-" + E2e.RUN);
                client.waitForWorkflowStart(id, TIMEOUT, false);
                // let the workflow set its timer, then kill before it is due
                Thread.sleep(2_000);
                first.kill();
            } finally {
                first.close();
            }
            assertEquals(0, AFTER_TIMER.get(), "the timer fired before its time");
            second = first.restart("workflow-timer-2");
            try (DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(second))) {
                WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
                assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
                assertEquals(TIMER_SECONDS, s.readOutputAs(Integer.class));
                Duration took = Duration.between(started, s.getLastUpdatedAt());
                assertTrue(took.compareTo(Duration.ofSeconds(TIMER_SECONDS)) >= 0, "completed after " + took);
            }
            // a timer that fired twice would schedule the activity twice
            Thread.sleep(1_000);
            assertEquals(1, AFTER_TIMER.get(), "runs of the activity after the timer");
        } finally {
            // the sidecar first: the SDK's close waits up to a minute for a worker still streaming
            if (second != null) {
                second.close();
            }
            worker.close();
        }
    }

    @Test
    void workflowServiceWantsTheApiToken() throws Exception {
        Path data = E2e.target().resolve("e2e-data/workflow-token");
        E2e.deleteTree(data);
        WorkflowRuntime runtime = null;
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
            runtime = worker(properties);
            try (DaprWorkflowClient client = new DaprWorkflowClient(properties)) {
                String id = client.scheduleNewWorkflow("Five", 10, "token-2");
                WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
                assertEquals(15, s.readOutputAs(Integer.class));
            }
        } finally {
            // after the sidecar: the SDK's close waits up to a minute for a worker still streaming
            if (runtime != null) {
                runtime.close();
            }
        }
    }
}
