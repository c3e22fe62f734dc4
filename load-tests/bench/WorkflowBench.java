import com.sun.management.OperatingSystemMXBean;
import io.dapr.config.Properties;
import io.dapr.durabletask.Task;
import io.dapr.workflows.Workflow;
import io.dapr.workflows.WorkflowActivity;
import io.dapr.workflows.WorkflowActivityContext;
import io.dapr.workflows.WorkflowStub;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.client.WorkflowRuntimeStatus;
import io.dapr.workflows.client.WorkflowState;
import io.dapr.workflows.runtime.WorkflowRuntime;
import io.dapr.workflows.runtime.WorkflowRuntimeBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The workflow benchmark's two processes, driven by {@code workflow.sh}.
 * <ul>
 * <li>{@code worker <grpc port>}: the official Java SDK's workflow runtime with the benchmark's
 * workflows: {@code FanOut5} (five no-op activities at once, then their sum) and {@code Chain15}
 * (fifteen no-op activities one after the other).</li>
 * <li>{@code run <grpc port> <workflow> <count> <label> <warm-up count> <sidecar pid> <worker pid>}:
 * first runs the warm-up workflows (FanOut5), then starts {@code count} workflows from 16 threads, waits for
 * every one, and prints one line: the label, the count, seconds and workflows per second from the
 * first start to the last completion, the p50/p99 of each workflow's time from creation to
 * completion as the sidecar recorded them, and the CPU milliseconds the client, the sidecar and
 * the worker used meanwhile; it fails when a workflow did not complete with the expected
 * output.</li>
 * </ul>
 */
public class WorkflowBench {

    /**
     * The SDK logs every work item at INFO on the console; a worker in production would not, and
     * the benchmark measures the sidecar, not console output. Held here: JUL keeps loggers weakly.
     */
    private static final Logger SDK_LOG = Logger.getLogger("io.dapr");

    public static class FanOut5 implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    tasks.add(ctx.callActivity("Noop", i, Integer.class));
                }
                int sum = 0;
                for (int v : ctx.allOf(tasks).await()) {
                    sum += v;
                }
                ctx.complete(sum);
            };
        }
    }

    public static class Chain15 implements Workflow {
        @Override
        public WorkflowStub create() {
            return ctx -> {
                int n = 0;
                for (int i = 0; i < 15; i++) {
                    n = ctx.callActivity("Noop", n, Integer.class).await() + 1;
                }
                ctx.complete(n);
            };
        }
    }

    public static class Noop implements WorkflowActivity {
        @Override
        public Object run(WorkflowActivityContext ctx) {
            return ctx.getInput(Integer.class);
        }
    }

    /** FanOut5 sums 0..4; Chain15 counts to 15. */
    private static int expected(String workflow) {
        return workflow.equals("FanOut5") ? 10 : 15;
    }

    private static Properties properties(int grpcPort) {
        return new Properties(Map.of(Properties.SIDECAR_IP.getName(), "127.0.0.1", Properties.GRPC_PORT.getName(),
                Integer.toString(grpcPort)));
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("worker")) {
            SDK_LOG.setLevel(Level.WARNING);
            WorkflowRuntime runtime = new WorkflowRuntimeBuilder(properties(port))
                    .registerWorkflow("FanOut5", FanOut5.class).registerWorkflow("Chain15", Chain15.class)
                    .registerActivity("Noop", Noop.class).build();
            runtime.start(true);
            return;
        }
        String workflow = args[2];
        int count = Integer.parseInt(args[3]);
        String label = args[4];
        int warmup = Integer.parseInt(args[5]);
        long[] others = {Long.parseLong(args[6]), Long.parseLong(args[7])};
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (DaprWorkflowClient client = new DaprWorkflowClient(properties(port))) {
            // every process warms up first: a sidecar runs for days, and on two cores the JIT
            // compiling the first thousands of workflows would otherwise be most of what is measured
            run(client, pool, "FanOut5", warmup, "warmup");
            long[] cpuStart = {cpuMillis(0), cpuMillis(others[0]), cpuMillis(others[1])};
            long start = System.nanoTime();
            long[] millis = run(client, pool, workflow, count, label);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] cpu = {cpuMillis(0) - cpuStart[0], cpuMillis(others[0]) - cpuStart[1],
                cpuMillis(others[1]) - cpuStart[2]};
            System.out.printf("%s %d %.1f %.1f %d %d %d %d %d%n", label, count, seconds, count / seconds,
                    millis[count / 2], millis[Math.min(count - 1, (int) (count * 0.99))], cpu[0], cpu[1], cpu[2]);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts {@code count} workflows from 16 threads and waits for each; their times, sorted. */
    private static long[] run(DaprWorkflowClient client, ExecutorService pool, String workflow, int count,
            String label) throws Exception {
        String prefix = label.replaceAll("[^a-zA-Z0-9]", "") + "-" + System.nanoTime() + "-";
        List<Future<?>> started = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int first = t;
            started.add(pool.submit(() -> {
                for (int i = first; i < count; i += 16) {
                    client.scheduleNewWorkflow(workflow, null, prefix + i);
                }
                return null;
            }));
        }
        for (Future<?> f : started) {
            f.get();
        }
        long[] millis = new long[count];
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> waits = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int first = t;
            waits.add(pool.submit(() -> {
                for (int i = first; i < count; i += 16) {
                    WorkflowState s = client.waitForWorkflowCompletion(prefix + i, Duration.ofMinutes(10), true);
                    if (s == null || s.getRuntimeStatus() != WorkflowRuntimeStatus.COMPLETED
                            || s.readOutputAs(Integer.class) != expected(workflow)) {
                        failed.incrementAndGet();
                        continue;
                    }
                    millis[i] = Duration.between(s.getCreatedAt(), s.getLastUpdatedAt()).toMillis();
                }
                return null;
            }));
        }
        for (Future<?> f : waits) {
            f.get();
        }
        if (failed.get() > 0) {
            System.err.println(label + ": " + failed.get() + " of " + count + " workflows did not complete right");
            System.exit(1);
        }
        Arrays.sort(millis);
        return millis;
    }

    /** CPU time (user and system) a process has used so far: this one for pid 0. */
    private static long cpuMillis(long pid) throws IOException {
        if (pid == 0) {
            return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
                    / 1_000_000;
        }
        // fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux); the
        // command name before them is in parentheses and may hold spaces
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
}
