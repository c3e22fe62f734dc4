package io.quapr.workflow;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.ActivityResponse;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorRequest;
import io.quapr.workflow.proto.OrchestratorService.TaskFailureDetails;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A worker written by hand, as an SDK would behave on the GetWorkItems stream: it answers each
 * orchestrator work item with the actions of a {@link Ctx}-based orchestrator, and each activity
 * with a function's result (an exception becomes failure details). It can also swallow
 * activities (never answer them) to play a worker that hangs or dies.
 */
final class TestWorker implements WorkItemSink, AutoCloseable {

    /** Orchestrators by name. */
    static final Map<String, Consumer<Ctx>> ORCHESTRATORS = new ConcurrentHashMap<>();

    final WorkflowEngine engine;
    final Map<String, Function<String, String>> activities = new ConcurrentHashMap<>();
    final LinkedBlockingQueue<WorkItem> swallowed = new LinkedBlockingQueue<>();
    final List<WorkItem> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger activityRuns = new AtomicInteger();
    final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    volatile boolean swallowActivities;
    volatile boolean swallowOrchestrations;
    /** Instances with an orchestrator work item in progress on any worker; shared, to catch overlaps. */
    static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();
    /** Work items that arrived while another for the same instance was in progress. */
    static final AtomicInteger OVERLAPS = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private WorkerConnection connection;

    TestWorker(WorkflowEngine engine) {
        this.engine = engine;
        activities.put("hello", in -> "Hello, " + in + "!");
        activities.put("square", in -> String.valueOf(Integer.parseInt(in) * Integer.parseInt(in)));
        activities.put("explode", in -> {
            throw new IllegalStateException("boom: " + in);
        });
    }

    TestWorker connect() {
        return connect(0, 0);
    }

    TestWorker connect(int maxOrchestrations, int maxActivities) {
        connection = engine.connectWorker(GetWorkItemsRequest.newBuilder()
                .setMaxConcurrentOrchestrationWorkItems(maxOrchestrations)
                .setMaxConcurrentActivityWorkItems(maxActivities).build(), this);
        return this;
    }

    void disconnect() {
        connection.close();
    }

    @Override
    public void send(WorkItem item) {
        received.add(item);
        if ((item.hasActivityRequest() && swallowActivities)
                || (item.hasOrchestratorRequest() && swallowOrchestrations)) {
            swallowed.add(item);
            return;
        }
        pool.execute(() -> {
            try {
                if (item.hasOrchestratorRequest()) {
                    orchestrate(item);
                } else if (item.hasActivityRequest()) {
                    runActivity(item);
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        });
    }

    private void orchestrate(WorkItem item) {
        OrchestratorRequest request = item.getOrchestratorRequest();
        String name = null;
        for (HistoryEvent e : request.getPastEventsList()) {
            if (e.hasExecutionStarted()) {
                name = e.getExecutionStarted().getName();
            }
        }
        for (HistoryEvent e : request.getNewEventsList()) {
            if (name == null && e.hasExecutionStarted()) {
                name = e.getExecutionStarted().getName();
            }
        }
        Consumer<Ctx> orchestrator = ORCHESTRATORS.get(name);
        if (orchestrator == null) {
            throw new AssertionError("no orchestrator " + name);
        }
        if (!RUNNING.add(request.getInstanceId())) {
            OVERLAPS.incrementAndGet();
        }
        Ctx ctx = new Ctx(request);
        orchestrator.accept(ctx);
        // the engine hands out the next run of this instance only after this answer commits
        RUNNING.remove(request.getInstanceId());
        engine.completeOrchestratorTask(ctx.response(item.getCompletionToken()).build()).toCompletableFuture()
                .exceptionally(e -> {
                    errors.add(e);
                    return null;
                });
    }

    private void runActivity(WorkItem item) {
        activityRuns.incrementAndGet();
        ActivityRequest request = item.getActivityRequest();
        ActivityResponse.Builder response = ActivityResponse.newBuilder()
                .setInstanceId(request.getOrchestrationInstance().getInstanceId()).setTaskId(request.getTaskId())
                .setCompletionToken(item.getCompletionToken());
        try {
            response.setResult(StringValue.of(activities.get(request.getName()).apply(request.getInput().getValue())));
        } catch (RuntimeException e) {
            response.setFailureDetails(TaskFailureDetails.newBuilder().setErrorType(e.getClass().getName())
                    .setErrorMessage(e.getMessage()));
        }
        engine.completeActivityTask(response.build()).toCompletableFuture().exceptionally(e -> {
            errors.add(e);
            return null;
        });
    }

    /** Answers a swallowed activity now (a worker that was slow, not dead). */
    void answer(WorkItem swallowedItem) {
        pool.execute(() -> runActivity(swallowedItem));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
