package io.quapr.workflow.runtime;

import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Callers waiting for an instance to reach a state: completed by the engine when a step commits,
 * never by polling. A waiter cancelled by its caller (the RPC went away) is dropped.
 */
public final class InstanceWaiters {

    private record Waiter(Predicate<OrchestrationState> condition, CompletableFuture<OrchestrationState> future) {
    }

    private final Map<String, List<Waiter>> waiters = new HashMap<>();

    /** A future completed with the first state of {@code instanceId} that meets {@code condition}. */
    public CompletableFuture<OrchestrationState> await(String instanceId,
            Predicate<OrchestrationState> condition) {
        CompletableFuture<OrchestrationState> f = new CompletableFuture<>();
        Waiter w = new Waiter(condition, f);
        synchronized (this) {
            waiters.computeIfAbsent(instanceId, k -> new ArrayList<>()).add(w);
        }
        f.whenComplete((s, e) -> remove(instanceId, w));
        return f;
    }

    private synchronized void remove(String instanceId, Waiter w) {
        List<Waiter> list = waiters.get(instanceId);
        if (list != null && list.remove(w) && list.isEmpty()) {
            waiters.remove(instanceId);
        }
    }

    /** The instance now has {@code state}: completes the waiters it satisfies. */
    public void changed(OrchestrationState state) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            List<Waiter> list = waiters.get(state.getInstanceId());
            if (list == null) {
                return;
            }
            for (Iterator<Waiter> it = list.iterator(); it.hasNext();) {
                Waiter w = it.next();
                if (w.condition().test(state)) {
                    done.add(w);
                    it.remove();
                }
            }
            if (list.isEmpty()) {
                waiters.remove(state.getInstanceId());
            }
        }
        done.forEach(w -> w.future().complete(state));
    }

    /** The instance was deleted: its waiters complete with {@code null}. */
    public void removed(String instanceId) {
        List<Waiter> list;
        synchronized (this) {
            list = waiters.remove(instanceId);
        }
        if (list != null) {
            list.forEach(w -> w.future().complete(null));
        }
    }
}
