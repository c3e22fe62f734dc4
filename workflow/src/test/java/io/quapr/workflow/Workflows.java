package io.quapr.workflow;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.EventRaisedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The hand-written orchestrators the tests run, registered with {@link TestWorker}. */
final class Workflows {

    private Workflows() {
    }

    static void register() {
        // three activities in sequence, then the concatenation of their outputs
        TestWorker.ORCHESTRATORS.put("sequence", ctx -> {
            String[] cities = ctx.input().split(",");
            Map<Integer, String> results = ctx.taskResults();
            if (results.size() == ctx.scheduledCount() && results.size() < cities.length) {
                ctx.callActivity("hello", cities[results.size()]);
            } else if (results.size() == cities.length) {
                ctx.complete(String.join(" ", results.values()));
            }
        });
        // an activity that throws: the workflow fails with the activity's failure details
        TestWorker.ORCHESTRATORS.put("failing", ctx -> {
            if (ctx.scheduledCount() == 0) {
                ctx.callActivity("explode", ctx.input());
            } else {
                ctx.taskFailure().ifPresent(f -> ctx.fail(f.getTaskFailed().getFailureDetails()));
            }
        });
        // fan out n squares at once, fan in their sum
        TestWorker.ORCHESTRATORS.put("fanout", ctx -> {
            int n = Integer.parseInt(ctx.input());
            if (ctx.scheduledCount() == 0) {
                for (int i = 1; i <= n; i++) {
                    ctx.callActivity("square", String.valueOf(i));
                }
            } else if (ctx.taskResults().size() == n) {
                ctx.complete(String.valueOf(ctx.taskResults().values().stream().mapToInt(Integer::parseInt).sum()));
            }
        });
        // one activity, then wait for "approval" (which may have arrived during the activity)
        TestWorker.ORCHESTRATORS.put("approval", ctx -> {
            if (ctx.scheduledCount() == 0) {
                ctx.callActivity("hello", ctx.input());
            } else if (ctx.taskResults().size() == 1) {
                ctx.event("approval").ifPresent(v -> ctx.complete(ctx.taskResults().get(0) + " approved by " + v));
            }
        });
        // wait for "go", nothing else
        TestWorker.ORCHESTRATORS.put("waitForGo", ctx -> ctx.event("go").ifPresent(v -> ctx.complete("went " + v)));
        // a one-hour durable timer
        TestWorker.ORCHESTRATORS.put("sleepy", ctx -> {
            if (!ctx.timerCreated()) {
                ctx.createTimer(ctx.now().plus(Duration.ofHours(1)));
                ctx.setCustomStatus("sleeping");
            } else if (ctx.timerFired()) {
                ctx.complete("woke at " + ctx.now());
            } else {
                ctx.setCustomStatus("sleeping");
            }
        });
        // count to 3 by continuing as new; generation 2 carries an event over to generation 3
        TestWorker.ORCHESTRATORS.put("counter", ctx -> {
            int n = Integer.parseInt(ctx.input());
            if (n < 3) {
                List<HistoryEvent> carry = n == 2
                        ? List.of(HistoryEvent.newBuilder().setEventId(-1).setEventRaised(EventRaisedEvent.newBuilder()
                                .setName("note").setInput(StringValue.of("kept"))).build())
                        : List.of();
                ctx.continueAsNew(String.valueOf(n + 1), carry);
            } else {
                ctx.complete(n + ":" + ctx.event("note").orElse("none") + ":" + ctx.all.size());
            }
        });
        // a child "sequence", completing with what the child returned
        TestWorker.ORCHESTRATORS.put("parent", ctx -> {
            if (!ctx.subOrchestrationCreated()) {
                ctx.callSubOrchestrator("sequence", ctx.instanceId() + "-child", ctx.input());
            } else {
                ctx.subOrchestrationResult().ifPresent(e -> ctx.complete("child said: "
                        + e.getSubOrchestrationInstanceCompleted().getResult().getValue()));
            }
        });
        // n children created in one step (one transaction touching n+1 instances), joined in order
        TestWorker.ORCHESTRATORS.put("manyChildren", ctx -> {
            int n = Integer.parseInt(ctx.input());
            if (!ctx.subOrchestrationCreated()) {
                for (int i = 0; i < n; i++) {
                    ctx.callSubOrchestrator("sequence", ctx.instanceId() + "-c" + i, "C" + i);
                }
                return;
            }
            TreeMap<Integer, String> results = new TreeMap<>();
            for (HistoryEvent e : ctx.all) {
                if (e.hasSubOrchestrationInstanceCompleted()) {
                    results.put(e.getSubOrchestrationInstanceCompleted().getTaskScheduledId(),
                            e.getSubOrchestrationInstanceCompleted().getResult().getValue());
                }
            }
            if (results.size() == n) {
                ctx.complete(String.join(" ", results.values()));
            }
        });
        // a child that waits forever, and a parent waiting for it
        TestWorker.ORCHESTRATORS.put("parentOfWaiter", ctx -> {
            if (!ctx.subOrchestrationCreated()) {
                ctx.callSubOrchestrator("waitForGo", ctx.instanceId() + "-child", "x");
            }
        });
    }
}
