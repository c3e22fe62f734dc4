package io.quapr.workflow;

import static io.quapr.workflow.Harness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.ActivityResponse;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Results of one workflow's activities that finish together are committed together, and the
 * workflow runs once for them; a result is not acknowledged before it is committed, and waits for
 * a sibling that does not finish no longer than the window.
 */
class ResultBatchingTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void resultsFinishingTogetherAreCommittedTogetherAndRunTheWorkflowOnce(BackendKind kind) throws Exception {
        // a window far longer than the test: only the last result can end the wait
        Configuration config = Configuration.DEFAULT.withResultBatchWindow(Duration.ofMinutes(5));
        try (Harness h = new Harness(kind, dir, config)) {
            TestWorker w = new TestWorker(h.engine);
            w.swallowActivities = true;
            h.workers.add(w.connect());
            h.start("fanout", "batch-1", "4");
            List<WorkItem> held = poll(w, 4);

            List<CompletableFuture<Void>> answers = new ArrayList<>();
            for (WorkItem item : held.subList(0, 3)) {
                answers.add(answer(h, item));
            }
            Thread.sleep(300);
            for (CompletableFuture<Void> a : answers) {
                assertFalse(a.isDone(), "a result is acknowledged only once committed, with its siblings");
            }
            assertEquals(1, runs(w), "no run while a sibling is still running");

            answers.add(answer(h, held.get(3)));
            for (CompletableFuture<Void> a : answers) {
                a.get(10, TimeUnit.SECONDS);
            }
            assertEquals("30", h.awaitCompletion("batch-1").getOutput().getValue());
            assertEquals(2, runs(w), "the start, then one run for all four results");
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void aResultWaitsForASiblingThatDoesNotFinishOnlyTheWindow(BackendKind kind) throws Exception {
        Configuration config = Configuration.DEFAULT.withResultBatchWindow(Duration.ofMillis(200));
        try (Harness h = new Harness(kind, dir, config)) {
            TestWorker w = new TestWorker(h.engine);
            w.swallowActivities = true;
            h.workers.add(w.connect());
            h.start("fanout", "batch-2", "2");
            List<WorkItem> held = poll(w, 2);

            long start = System.nanoTime();
            answer(h, held.get(0)).get(10, TimeUnit.SECONDS);
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMillis >= 150, "held for the window, not " + waitedMillis + " ms");
            eventually("a run for the first result", () -> runs(w) == 2);

            // the straggler is the last one running: committed at once
            start = System.nanoTime();
            answer(h, held.get(1)).get(10, TimeUnit.SECONDS);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 150,
                    "the last result waits for nothing");
            assertEquals("5", h.awaitCompletion("batch-2").getOutput().getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(BackendKind.class)
    void aZeroWindowCommitsEachResultAlone(BackendKind kind) throws Exception {
        Configuration config = Configuration.DEFAULT.withResultBatchWindow(Duration.ZERO);
        try (Harness h = new Harness(kind, dir, config)) {
            TestWorker w = new TestWorker(h.engine);
            w.swallowActivities = true;
            h.workers.add(w.connect());
            h.start("fanout", "batch-3", "3");
            List<WorkItem> held = poll(w, 3);
            for (int i = 0; i < 3; i++) {
                answer(h, held.get(i)).get(10, TimeUnit.SECONDS);
                int expectedRuns = i + 2;
                eventually("run " + expectedRuns, () -> runs(w) == expectedRuns);
            }
            assertEquals("14", h.awaitCompletion("batch-3").getOutput().getValue());
        }
    }

    /** The worker's answer to a swallowed square activity, as the engine acknowledges it. */
    private static CompletableFuture<Void> answer(Harness h, WorkItem item) {
        ActivityRequest request = item.getActivityRequest();
        int n = Integer.parseInt(request.getInput().getValue());
        return h.engine.completeActivityTask(ActivityResponse.newBuilder()
                .setInstanceId(request.getOrchestrationInstance().getInstanceId()).setTaskId(request.getTaskId())
                .setCompletionToken(item.getCompletionToken()).setResult(StringValue.of(String.valueOf(n * n)))
                .build()).toCompletableFuture();
    }

    private static long runs(TestWorker w) {
        synchronized (w.received) {
            return w.received.stream().filter(WorkItem::hasOrchestratorRequest).count();
        }
    }

    private static List<WorkItem> poll(TestWorker w, int n) throws InterruptedException {
        List<WorkItem> items = new ArrayList<>();
        while (items.size() < n) {
            WorkItem item = w.swallowed.poll(10, TimeUnit.SECONDS);
            if (item == null) {
                throw new AssertionError("only " + items.size() + " of " + n + " activities reached the worker");
            }
            items.add(item);
        }
        return items;
    }
}
