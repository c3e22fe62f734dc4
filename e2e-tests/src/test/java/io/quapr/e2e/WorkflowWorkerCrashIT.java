package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dapr.config.Properties;
import io.dapr.durabletask.Task;
import io.dapr.workflows.Workflow;
import io.dapr.workflows.WorkflowActivity;
import io.dapr.workflows.WorkflowActivityContext;
import io.dapr.workflows.WorkflowContext;
import io.dapr.workflows.WorkflowStub;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.client.WorkflowRuntimeStatus;
import io.dapr.workflows.client.WorkflowState;
import io.dapr.workflows.runtime.WorkflowRuntime;
import io.dapr.workflows.runtime.WorkflowRuntimeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A workflow worker killed with SIGKILL in the middle of its activities loses no work: worker A,
 * the official Java SDK's runtime in a JVM of its own, takes the activities and hangs in them; it
 * is killed ({@code kill -9}); worker B, the same SDK with the same workflow and activity names in
 * the test JVM, gets every activity A held and the workflow completes with the right output. B's
 * results are tagged, so the output shows which worker ran what: activities A finished before it
 * died are kept, not run again; those it held are run once, on B. It happens when A's stream
 * breaks (the kernel closes a killed process's sockets), well before the engine's 60 s lease
 * would have run out. The sidecar runs on the embedded default ({@code state.sqlite}).
 *
 * <p>
 * {@link #main} is worker A: run as {@code java -cp <this JVM's class path> WorkflowWorkerCrashIT
 * <grpc port> <marker dir>}.
 */
class WorkflowWorkerCrashIT {

    /**
     * How long B gets to finish a workflow after the kill: half the engine's 60 s lease, so a
     * completion within it is the broken stream's doing, not a lease running out.
     */
    private static final Duration REDISPATCH = Duration.ofSeconds(30);

    /** How long worker A (a JVM starting on a busy 2-core machine) gets to start hanging. */
    private static final Duration A_STARTS = Duration.ofSeconds(60);

    /** Activities per phase of {@link TwoPhases}. */
    private static final int FAN_OUT = 5;

    /** Worker A logs warnings only (the SDK logs every work item at INFO). Held here: JUL keeps loggers weakly. */
    private static final Logger SDK_LOG = Logger.getLogger("io.dapr");

    /** One {@code Work} activity; its result is the workflow's output. */
    public static class OneStep implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> ctx.complete(ctx.callActivity("Work", ctx.getInput(Integer.class), String.class).await());
        }
    }

    /**
     * {@code Quick} on 1..n at once, then, once those are done, {@code Work} on 1..n at once; the
     * output is every result, in that order. Worker A finishes the first phase and hangs in the
     * second: the second is scheduled only after the first's results are stored, so A cannot die
     * with a first-phase result still on its way.
     */
    public static class TwoPhases implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                int n = ctx.getInput(Integer.class);
                List<String> results = new ArrayList<>(fanOut(ctx, "Quick", n).await());
                results.addAll(fanOut(ctx, "Work", n).await());
                ctx.complete(String.join(",", results));
            };
        }

        private static Task<List<String>> fanOut(WorkflowContext ctx, String activity, int n) {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                tasks.add(ctx.callActivity(activity, i, String.class));
            }
            return ctx.allOf(tasks);
        }
    }

    /** n squared, tagged with the worker that ran it ({@code "B:49"}); each input logged. */
    static final class Square implements WorkflowActivity {
        private final String worker;
        private final Queue<Integer> runs;

        Square(String worker, Queue<Integer> runs) {
            this.worker = worker;
            this.runs = runs;
        }

        @Override
        public Object run(WorkflowActivityContext ctx) {
            int n = ctx.getInput(Integer.class);
            runs.add(n);
            return worker + ":" + n * n;
        }
    }

    /** Worker A's {@code Work}: says it runs (a marker file per input), then hangs until A is killed. */
    static final class Hang implements WorkflowActivity {
        private final Path markers;

        Hang(Path markers) {
            this.markers = markers;
        }

        @Override
        public Object run(WorkflowActivityContext ctx) {
            int n = ctx.getInput(Integer.class);
            try {
                Files.createFile(markers.resolve("work-" + n));
                Thread.sleep(Duration.ofMinutes(10).toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // never reached in a passing run: a result from A would show in the output
            return "A:late";
        }
    }

    private static WorkflowRuntimeBuilder withWorkflows(Properties properties) {
        return new WorkflowRuntimeBuilder(properties).registerWorkflow("OneStep", OneStep.class)
                .registerWorkflow("TwoPhases", TwoPhases.class);
    }

    /** Worker A: {@code <grpc port> <marker dir>}. */
    public static void main(String[] args) {
        // an orphan if the test JVM dies without killing it: it goes too
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        SDK_LOG.setLevel(Level.WARNING);
        Properties properties = new Properties(Map.of(Properties.SIDECAR_IP.getName(), "127.0.0.1",
                Properties.GRPC_PORT.getName(), args[0]));
        withWorkflows(properties).registerActivity("Quick", new Square("A", new ConcurrentLinkedQueue<>()))
                .registerActivity("Work", new Hang(Path.of(args[1]))).build().start(true);
    }

    private Sidecar sidecar;
    private Process workerA;
    private Path workerALog;
    private Path markers;
    private WorkflowRuntime workerB;
    /** Inputs of B's {@code Quick} and {@code Work} runs. */
    private final Queue<Integer> quickOnB = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> workOnB = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start(TestInfo test) throws IOException {
        String name = "workflow-worker-crash-" + test.getTestMethod().orElseThrow().getName();
        Path data = E2e.target().resolve("e2e-data/" + name);
        E2e.deleteTree(data);
        // no resources path and a HOME without ~/.quapr/components: the embedded default
        sidecar = Sidecar.start(name, "e2e-wf-worker-crash-" + E2e.RUN, List.of(), List.of(), 0,
                List.of("--data-dir", data.toString()),
                Map.of("HOME", E2e.target().resolve("e2e-data/" + name + "-home").toString()));
        markers = E2e.target().resolve("e2e-data/" + name + "-markers");
        E2e.deleteTree(markers);
        Files.createDirectories(markers);
        workerALog = E2e.target().resolve("e2e-logs/" + name + "-worker-a.log");
        // this JVM's class path: the SDK and the compiled test classes, as for worker B
        workerA = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                WorkflowWorkerCrashIT.class.getName(), Integer.toString(sidecar.grpcPort()), markers.toString())
                .redirectErrorStream(true).redirectOutput(workerALog.toFile()).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        try {
            if (workerA != null && workerA.isAlive()) {
                workerA.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            // the sidecar before worker B: the SDK's close waits up to a minute for a worker still streaming
            if (sidecar != null) {
                sidecar.close();
            }
            if (workerB != null) {
                workerB.close();
            }
        }
    }

    @Test
    void activityOfAKilledWorkerRunsOnAnother() throws Exception {
        try (DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(sidecar))) {
            // A is the only worker: it takes the workflow and its activity
            String id = client.scheduleNewWorkflow("OneStep", 7, "one-step-" + E2e.RUN);
            awaitMarkers(1);
            // B connects while A hangs, and gets nothing until A dies
            startWorkerB();
            killWorkerA();
            WorkflowState s = client.waitForWorkflowCompletion(id, REDISPATCH, true);
            assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus(), String.valueOf(s.getFailureDetails()));
            assertEquals("B:49", s.readOutputAs(String.class));
            assertEquals(List.of(7), List.copyOf(workOnB), "B's runs of Work");
        }
    }

    @Test
    void fannedOutActivitiesOfAKilledWorkerAllRunOnAWorkerStartedAfterTheKill() throws Exception {
        try (DaprWorkflowClient client = new DaprWorkflowClient(WorkflowSdkIT.sdkProperties(sidecar))) {
            String id = client.scheduleNewWorkflow("TwoPhases", FAN_OUT, "two-phases-" + E2e.RUN);
            // A finished the first phase and holds all of the second
            awaitMarkers(FAN_OUT);
            killWorkerA();
            // no worker at all for a moment: the activities wait in the store for B
            startWorkerB();
            WorkflowState s = client.waitForWorkflowCompletion(id, REDISPATCH, true);
            assertEquals(WorkflowRuntimeStatus.COMPLETED, s.getRuntimeStatus(), String.valueOf(s.getFailureDetails()));
            String expected = Stream.concat(squares("A"), squares("B")).collect(Collectors.joining(","));
            assertEquals(expected, s.readOutputAs(String.class));
            assertEquals(List.of(), List.copyOf(quickOnB), "B's runs of Quick: A's results were kept");
            assertEquals(IntStream.rangeClosed(1, FAN_OUT).boxed().toList(), workOnB.stream().sorted().toList(),
                    "B's runs of Work: each activity A held, once");
        }
    }

    /** {@code "A:1", "A:4", ...}: the expected results of one phase, run by that worker. */
    private static Stream<String> squares(String worker) {
        return IntStream.rangeClosed(1, FAN_OUT).mapToObj(n -> worker + ":" + n * n);
    }

    private void startWorkerB() {
        workerB = WorkflowSdkIT.build(withWorkflows(WorkflowSdkIT.sdkProperties(sidecar))
                .registerActivity("Quick", new Square("B", quickOnB))
                .registerActivity("Work", new Square("B", workOnB)));
        workerB.start(false);
    }

    /** SIGKILL: no goodbye on the stream, no abandoned work items; the engine sees only the broken connection. */
    private void killWorkerA() throws InterruptedException {
        workerA.destroyForcibly();
        assertTrue(workerA.waitFor(10, TimeUnit.SECONDS), "worker A still runs after SIGKILL");
        // 128 + 9: killed by SIGKILL, not exited by itself
        assertEquals(137, workerA.exitValue(), "worker A's exit status");
    }

    /** Waits until A runs {@code count} {@code Work} activities (their marker files exist). */
    private void awaitMarkers(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + A_STARTS.toNanos();
        while (System.nanoTime() < deadline) {
            if (!workerA.isAlive()) {
                fail("worker A exited (" + workerA.exitValue() + ") before it ran " + count + " activities; its log ("
                        + workerALog + "):\n" + Files.readString(workerALog));
            }
            try (Stream<Path> files = Files.list(markers)) {
                if (files.count() >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail("worker A did not run " + count + " activities within " + A_STARTS + "; its log (" + workerALog + "):\n"
                + Files.readString(workerALog));
    }
}
