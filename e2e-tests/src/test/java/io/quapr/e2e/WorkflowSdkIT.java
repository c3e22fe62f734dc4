package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.config.Properties;
import io.dapr.durabletask.Task;
import io.dapr.workflows.Workflow;
import io.dapr.workflows.WorkflowActivity;
import io.dapr.workflows.WorkflowActivityContext;
import io.dapr.workflows.WorkflowStub;
import io.dapr.workflows.WorkflowTaskOptions;
import io.dapr.workflows.WorkflowTaskRetryPolicy;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.client.WorkflowRuntimeStatus;
import io.dapr.workflows.client.WorkflowState;
import io.dapr.workflows.runtime.WorkflowRuntime;
import io.dapr.workflows.runtime.WorkflowRuntimeBuilder;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Dapr Java workflow SDK ({@code DaprWorkflowClient} and a worker from
 * {@code WorkflowRuntimeBuilder}, unchanged) against one sidecar on the zero-config default: the
 * embedded {@code state.sqlite} actor state store in a fresh {@code --data-dir}. The SDK finds the
 * sidecar through its properties, as an app finds daprd.
 */
class WorkflowSdkIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Sidecar sidecar;
    private static WorkflowRuntime worker;
    private static DaprWorkflowClient client;

    @BeforeAll
    static void start() {
        Path data = E2e.target().resolve("e2e-data/workflow-sdk");
        E2e.deleteTree(data);
        Path home = E2e.target().resolve("e2e-data/workflow-sdk-home");
        // a HOME without ~/.quapr/components, so the embedded default (and its sqlite store) is what loads
        sidecar = Sidecar.start("workflow-sdk", "e2e-workflow", List.of(), List.of(), 0,
                List.of("--data-dir", data.toString()), Map.of("HOME", home.toString()));
        Properties properties = sdkProperties(sidecar);
        worker = build(new WorkflowRuntimeBuilder(properties)
                .registerWorkflow("Chain", Chain.class)
                .registerWorkflow("FanOut", FanOut.class)
                .registerWorkflow("Approval", Approval.class)
                .registerWorkflow("Sleeper", Sleeper.class)
                .registerWorkflow("Counter", Counter.class)
                .registerWorkflow("Parent", Parent.class)
                .registerWorkflow("Retrying", Retrying.class)
                .registerWorkflow("Doomed", Doomed.class)
                .registerActivity("Tag", Tag.class)
                .registerActivity("Square", Square.class)
                .registerActivity("Flaky", Flaky.class)
                .registerActivity("Explode", Explode.class));
        worker.start(false);
        client = new DaprWorkflowClient(properties);
    }

    /**
     * Builds a worker. The SDK's builder keeps the first runtime it builds in a static field and
     * returns that one from every later {@code build()} (one app, one sidecar); these tests run
     * workers against several sidecars in one JVM, one after the other, so the field is cleared
     * first.
     */
    static WorkflowRuntime build(WorkflowRuntimeBuilder builder) {
        try {
            Field singleton = WorkflowRuntimeBuilder.class.getDeclaredField("instance");
            singleton.setAccessible(true);
            singleton.set(null, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the SDK's WorkflowRuntimeBuilder changed: no static 'instance'", e);
        }
        return builder.build();
    }

    /** The SDK's own settings, as overrides: several sidecars' clients may share this JVM. */
    static Properties sdkProperties(Sidecar sidecar) {
        return new Properties(Map.of(Properties.SIDECAR_IP.getName(), "127.0.0.1",
                Properties.GRPC_PORT.getName(), Integer.toString(sidecar.grpcPort()),
                Properties.HTTP_PORT.getName(), Integer.toString(sidecar.httpPort())));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            // the sidecar before the worker: the SDK's close waits up to a minute for a worker
            // whose stream is still open
            if (sidecar != null) {
                sidecar.close();
            }
            if (worker != null) {
                worker.close();
            }
        }
    }

    // ---- workflows and activities, registered by name

    /** Three activities in a row, each given the previous result. */
    public static class Chain implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                String acc = ctx.getInput(String.class);
                for (String tag : List.of("a", "b", "c")) {
                    acc = ctx.callActivity("Tag", acc + "|" + tag, String.class).await();
                }
                ctx.complete(acc);
            };
        }
    }

    /** Squares 1..n in parallel and sums them. */
    public static class FanOut implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                int n = ctx.getInput(Integer.class);
                List<Task<Integer>> squares = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    squares.add(ctx.callActivity("Square", i, Integer.class));
                }
                ctx.complete(ctx.allOf(squares).await().stream().mapToInt(Integer::intValue).sum());
            };
        }
    }

    /**
     * Sleeps {@code input} ms on a durable timer, says "waiting" in its custom status, then waits
     * for the {@code approval} event.
     */
    public static class Approval implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                long delay = ctx.getInput(Long.class);
                if (delay > 0) {
                    ctx.createTimer(Duration.ofMillis(delay)).await();
                }
                ctx.setCustomStatus("waiting");
                String answer = ctx.waitForExternalEvent("approval", Duration.ofMinutes(5), String.class).await();
                ctx.setCustomStatus("approved");
                ctx.complete("approved:" + answer);
            };
        }
    }

    /** A 1 s durable timer; the result is the workflow time that passed, in ms. */
    public static class Sleeper implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                long before = ctx.getCurrentInstant().toEpochMilli();
                ctx.createTimer(Duration.ofSeconds(1)).await();
                ctx.complete(ctx.getCurrentInstant().toEpochMilli() - before);
            };
        }
    }

    /** Continues as new with n + 1 until n is 5. */
    public static class Counter implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                int n = ctx.getInput(Integer.class);
                if (n < 5) {
                    ctx.continueAsNew(n + 1);
                    return;
                }
                ctx.complete(n);
            };
        }
    }

    /** Runs {@code Chain} as a child workflow. */
    public static class Parent implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                String child = ctx.callChildWorkflow("Chain", ctx.getInput(String.class), String.class).await();
                ctx.complete("parent(" + child + ")");
            };
        }
    }

    /** Calls {@code Flaky}, which fails twice, with a retry policy of 3 attempts. */
    public static class Retrying implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                WorkflowTaskRetryPolicy retry = WorkflowTaskRetryPolicy.newBuilder().setMaxNumberOfAttempts(3)
                        .setFirstRetryInterval(Duration.ofMillis(200)).setBackoffCoefficient(1.0).build();
                ctx.complete(ctx.callActivity("Flaky", ctx.getInstanceId(), new WorkflowTaskOptions(retry),
                        String.class).await());
            };
        }
    }

    /** Calls {@code Explode} without retries; its failure fails the workflow. */
    public static class Doomed implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> ctx.complete(ctx.callActivity("Explode", "x", String.class).await());
        }
    }

    /** {@code "acc|tag"} becomes {@code "acc>tag"}. */
    public static class Tag implements WorkflowActivity {
        @Override
        public Object run(WorkflowActivityContext ctx) {
            String[] parts = ctx.getInput(String.class).split("\\|");
            return parts[0] + ">" + parts[1];
        }
    }

    /** n squared. */
    public static class Square implements WorkflowActivity {
        @Override
        public Object run(WorkflowActivityContext ctx) {
            int n = ctx.getInput(Integer.class);
            return n * n;
        }
    }

    /** Attempts per key (the workflow's instance id): the first two fail. */
    static final Map<String, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();

    /** Fails its first two attempts for a key, then answers with the attempt number. */
    public static class Flaky implements WorkflowActivity {
        @Override
        public Object run(WorkflowActivityContext ctx) {
            int attempt = FLAKY_ATTEMPTS.computeIfAbsent(ctx.getInput(String.class), k -> new AtomicInteger())
                    .incrementAndGet();
            if (attempt < 3) {
                throw new IllegalStateException("flaky attempt " + attempt);
            }
            return "ok:" + attempt;
        }
    }

    /** Always fails. */
    public static class Explode implements WorkflowActivity {
        @Override
        public Object run(WorkflowActivityContext ctx) {
            throw new IllegalStateException("kaboom");
        }
    }

    // ---- tests

    @Test
    void taskChaining() throws TimeoutException {
        String id = client.scheduleNewWorkflow("Chain", "start", "chain-1");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
        assertEquals("start>a>b>c", s.readOutputAs(String.class));
        assertEquals("Chain", s.getName());
        assertEquals("start", s.readInputAs(String.class));
    }

    @Test
    void fanOutFanIn() throws TimeoutException {
        String id = client.scheduleNewWorkflow("FanOut", 10);
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
        assertEquals(385, s.readOutputAs(Integer.class)); // 1 + 4 + ... + 100
    }

    @Test
    void externalEventRaisedBeforeTheWaitIsKept() throws TimeoutException {
        String id = client.scheduleNewWorkflow("Approval", 1500L, "event-early");
        // the workflow is still on its 1.5 s timer: the event waits in its history
        client.raiseEvent(id, "approval", "early");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
        assertEquals("approved:early", s.readOutputAs(String.class));
    }

    @Test
    void externalEventRaisedWhileWaitingAndCustomStatus() throws Exception {
        String id = client.scheduleNewWorkflow("Approval", 0L, "event-late");
        // the custom status (JSON, as the SDK writes it), read over daprd's HTTP workflow API, says when it waits
        JsonNode waiting = awaitHttpState(id, "RUNNING", "\"waiting\"");
        assertEquals("Approval", waiting.path("workflowName").asText());
        assertEquals("0", waiting.path("properties").path("dapr.workflow.input").asText());
        client.raiseEvent(id, "approval", "late");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals("approved:late", s.readOutputAs(String.class));
        JsonNode done = awaitHttpState(id, "COMPLETED", "\"approved\"");
        assertEquals("\"approved:late\"", done.path("properties").path("dapr.workflow.output").asText());
    }

    @Test
    void durableTimer() throws TimeoutException {
        long started = System.nanoTime();
        String id = client.scheduleNewWorkflow("Sleeper");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
        assertTrue(s.readOutputAs(Long.class) >= 1000, "workflow time passed: " + s.getSerializedOutput());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 1000);
    }

    @Test
    void continueAsNew() throws TimeoutException {
        String id = client.scheduleNewWorkflow("Counter", 0, "counter-1");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
        assertEquals(5, s.readOutputAs(Integer.class));
        // the last run's input: the earlier runs' histories were dropped
        assertEquals(5, s.readInputAs(Integer.class));
    }

    @Test
    void childWorkflow() throws TimeoutException {
        String id = client.scheduleNewWorkflow("Parent", "kid", "parent-1");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
        assertEquals("parent(kid>a>b>c)", s.readOutputAs(String.class));
    }

    @Test
    void terminate() throws Exception {
        String id = client.scheduleNewWorkflow("Approval", 0L, "terminate-1");
        awaitHttpState(id, "RUNNING", "\"waiting\"");
        client.terminateWorkflow(id, "stopped by the test");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.TERMINATED, s.getRuntimeStatus());
        assertEquals("stopped by the test", s.readOutputAs(String.class));
    }

    @Test
    void suspendHoldsEventsUntilResume() throws Exception {
        String id = client.scheduleNewWorkflow("Approval", 0L, "suspend-1");
        awaitHttpState(id, "RUNNING", "\"waiting\"");
        client.suspendWorkflow(id, "hold on");
        // suspending is an event for the instance, applied just after the call returns (as in daprd)
        awaitHttpState(id, "SUSPENDED", null);
        client.raiseEvent(id, "approval", "while-suspended");
        Thread.sleep(500);
        // the event waits in the inbox: still suspended, not completed
        assertEquals(WorkflowRuntimeStatus.SUSPENDED, client.getWorkflowState(id, false).getRuntimeStatus());
        client.resumeWorkflow(id, "go");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus());
        assertEquals("approved:while-suspended", s.readOutputAs(String.class));
    }

    @Test
    void purge() throws Exception {
        String id = client.scheduleNewWorkflow("Chain", "p", "purge-1");
        client.waitForWorkflowCompletion(id, TIMEOUT, false);
        assertTrue(client.purgeWorkflow(id));
        // the SDK reads an unknown id as an empty state (so it does against daprd); HTTP says 404
        WorkflowState gone = client.getWorkflowState(id, false);
        assertTrue(gone == null || gone.getWorkflowId().isEmpty(), String.valueOf(gone));
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(sidecar.httpUrl() + "/v1.0/workflows/dapr/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertEquals("ERR_INSTANCE_ID_NOT_FOUND", JSON.readTree(r.body()).path("errorCode").asText());
    }

    @Test
    void activityRetriedByPolicy() throws TimeoutException {
        String id = client.scheduleNewWorkflow("Retrying", null, "retry-1");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus(), String.valueOf(s.getFailureDetails()));
        assertEquals("ok:3", s.readOutputAs(String.class));
        assertEquals(3, FLAKY_ATTEMPTS.get(id).get());
    }

    @Test
    void activityFailureFailsTheWorkflowWithDetails() throws Exception {
        String id = client.scheduleNewWorkflow("Doomed", null, "doomed-1");
        WorkflowState s = client.waitForWorkflowCompletion(id, TIMEOUT, true);
        assertEquals(WorkflowRuntimeStatus.FAILED, s.getRuntimeStatus());
        assertNotNull(s.getFailureDetails());
        assertTrue(s.getFailureDetails().getErrorMessage().contains("kaboom"), s.getFailureDetails().getErrorMessage());
        JsonNode failed = awaitHttpState(id, "FAILED", null);
        assertTrue(failed.path("properties").path("dapr.workflow.failure.error_message").asText().contains("kaboom"));
        assertEquals(s.getFailureDetails().getErrorType(),
                failed.path("properties").path("dapr.workflow.failure.error_type").asText());
    }

    /** Polls {@code GET /v1.0/workflows/dapr/{id}} until the status and custom status (null: any) match. */
    private static JsonNode awaitHttpState(String id, String status, String customStatus) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(sidecar.httpUrl() + "/v1.0/workflows/dapr/" + id))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode body = JSON.readTree(r.body());
                if (status.equals(body.path("runtimeStatus").asText()) && (customStatus == null
                        || customStatus.equals(body.path("properties").path("dapr.workflow.custom_status").asText()))) {
                    return body;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never reached " + status + "/" + customStatus + "; last: " + last);
    }
}
