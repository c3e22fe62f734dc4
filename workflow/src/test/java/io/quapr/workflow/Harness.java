package io.quapr.workflow;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.StringValue;
import io.quapr.workflow.backend.WorkflowBackend;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceHistoryRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** An engine on one backend kind, a clock the test moves, and the workers the test connects. */
final class Harness implements AutoCloseable {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final Stores stores = new Stores();
    final WorkflowBackend backend;
    final WorkflowEngine engine;
    final List<TestWorker> workers = new ArrayList<>();

    Harness(BackendKind kind, Path dir) {
        this(kind, dir, Configuration.DEFAULT);
    }

    Harness(BackendKind kind, Path dir, Configuration config) {
        this(kind, dir, config, WorkflowObserver.NONE);
    }

    Harness(BackendKind kind, Path dir, Configuration config, WorkflowObserver observer) {
        Workflows.register();
        backend = kind.create(stores, dir);
        engine = new WorkflowEngine(backend, config, clock, observer);
        join(engine.start());
    }

    TestWorker worker() {
        TestWorker w = new TestWorker(engine).connect();
        workers.add(w);
        return w;
    }

    TestWorker worker(int maxOrchestrations, int maxActivities) {
        TestWorker w = new TestWorker(engine).connect(maxOrchestrations, maxActivities);
        workers.add(w);
        return w;
    }

    String start(String name, String id, String input) {
        return join(engine.startInstance(CreateInstanceRequest.newBuilder().setName(name).setInstanceId(id)
                .setInput(StringValue.of(input)).build())).getInstanceId();
    }

    OrchestrationState awaitCompletion(String id) {
        GetInstanceResponse r = join(engine.waitForInstanceCompletion(
                GetInstanceRequest.newBuilder().setInstanceId(id).setGetInputsAndOutputs(true).build()));
        if (!r.getExists()) {
            fail("instance " + id + " does not exist");
        }
        return r.getOrchestrationState();
    }

    GetInstanceResponse instance(String id) {
        return join(engine.getInstance(
                GetInstanceRequest.newBuilder().setInstanceId(id).setGetInputsAndOutputs(true).build()));
    }

    OrchestrationStatus status(String id) {
        return instance(id).getOrchestrationState().getOrchestrationStatus();
    }

    List<HistoryEvent> history(String id) {
        return join(engine.getInstanceHistory(GetInstanceHistoryRequest.newBuilder().setInstanceId(id).build()))
                .getEventsList();
    }

    /** Waits (briefly, in the test only) for something the engine does asynchronously. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("timed out", e);
        }
    }

    @Override
    public void close() {
        workers.forEach(w -> {
            if (!w.errors.isEmpty()) {
                w.errors.forEach(Throwable::printStackTrace);
            }
            w.close();
        });
        engine.close();
        stores.close();
    }
}
