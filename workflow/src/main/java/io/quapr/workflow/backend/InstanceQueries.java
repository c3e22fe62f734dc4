package io.quapr.workflow.backend;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.InstanceQuery;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesResponse;
import io.quapr.workflow.runtime.Protos;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Filtering and paging of instances and ids, the same for every backend. */
final class InstanceQueries {

    private InstanceQueries() {
    }

    /** One page of sorted ids after {@code token}; the token is the last id of the previous page. */
    static InstanceIdPage page(List<String> sortedIds, String token, int pageSize) {
        int from = 0;
        if (token != null && !token.isEmpty()) {
            from = lowerBound(sortedIds, token);
            if (from < sortedIds.size() && sortedIds.get(from).equals(token)) {
                from++;
            }
        }
        int to = pageSize <= 0 ? sortedIds.size() : Math.min(sortedIds.size(), from + pageSize);
        List<String> page = List.copyOf(sortedIds.subList(Math.min(from, to), to));
        String next = to < sortedIds.size() && !page.isEmpty() ? page.get(page.size() - 1) : null;
        return new InstanceIdPage(page, next);
    }

    private static int lowerBound(List<String> sorted, String key) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).compareTo(key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Applies a query to every instance's metadata. */
    static QueryInstancesResponse query(Collection<OrchestrationState> all, InstanceQuery q) {
        List<OrchestrationState> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(OrchestrationState::getInstanceId));
        String after = q.hasContinuationToken() ? q.getContinuationToken().getValue() : "";
        String prefix = q.hasInstanceIdPrefix() ? q.getInstanceIdPrefix().getValue() : "";
        Instant from = q.hasCreatedTimeFrom() ? Protos.instant(q.getCreatedTimeFrom()) : null;
        Instant to = q.hasCreatedTimeTo() ? Protos.instant(q.getCreatedTimeTo()) : null;
        int max = q.getMaxInstanceCount() <= 0 ? Integer.MAX_VALUE : q.getMaxInstanceCount();
        List<OrchestrationState> page = new ArrayList<>();
        boolean more = false;
        for (OrchestrationState s : sorted) {
            if (!after.isEmpty() && s.getInstanceId().compareTo(after) <= 0) {
                continue;
            }
            if (!s.getInstanceId().startsWith(prefix)) {
                continue;
            }
            if (!q.getRuntimeStatusList().isEmpty() && !q.getRuntimeStatusList().contains(s.getOrchestrationStatus())) {
                continue;
            }
            Instant created = Protos.instant(s.getCreatedTimestamp());
            if ((from != null && created.isBefore(from)) || (to != null && created.isAfter(to))) {
                continue;
            }
            if (page.size() == max) {
                more = true;
                break;
            }
            page.add(q.getFetchInputsAndOutputs() ? s : withoutPayloads(s));
        }
        QueryInstancesResponse.Builder r = QueryInstancesResponse.newBuilder().addAllOrchestrationState(page);
        if (more) {
            r.setContinuationToken(StringValue.of(page.get(page.size() - 1).getInstanceId()));
        }
        return r.build();
    }

    /** The metadata without input and output (what callers get unless they ask for them). */
    static OrchestrationState withoutPayloads(OrchestrationState s) {
        return s.toBuilder().clearInput().clearOutput().build();
    }
}
