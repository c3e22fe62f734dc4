package io.quapr.conformance;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import io.quapr.spi.state.DeleteWithPrefixStateStore;
import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.QueryableStateStore;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateStore;
import io.quapr.spi.state.TransactionalStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The state store suite: for every {@link StateStore} the module declares, one container that
 * initialises it from its fixture, runs the cases of every feature it claims (and the checks
 * that it refuses the ones it does not), then closes it.
 */
@ExtendWith(ConformanceExtension.class)
public class StateStoreConformanceTest {

    /** One container per state store of the module; none when it has no state store. */
    @TestFactory
    Stream<DynamicNode> stateStores(ConformanceRun run) {
        return run.components(StateStore.class).stream().map(type -> container(run, type));
    }

    private static DynamicNode container(ConformanceRun run, Class<? extends StateStore> type) {
        LiveComponent<StateStore> live = LiveComponent.start(type, run);
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(live.initTest());
        if (live.ready()) {
            StateHarness h = new StateHarness(live.instance(), run.clock());
            nodes.add(StateCrudCases.cases(h));
            nodes.add(StateBulkCases.cases(h));
            nodes.add(h.has(StateFeature.ETAG) ? StateETagCases.cases(h) : StateETagCases.withoutETag(h));
            // a claim without its interface is reported by the refusal cases, not run
            if (h.has(StateFeature.TRANSACTIONAL) && h.store() instanceof TransactionalStateStore) {
                nodes.add(StateTransactionCases.cases(h));
            }
            if (h.has(StateFeature.TTL)) {
                nodes.add(StateTtlCases.cases(h));
            }
            if (h.has(StateFeature.DELETE_WITH_PREFIX) && h.store() instanceof DeleteWithPrefixStateStore) {
                nodes.add(StatePrefixCases.cases(h));
            }
            if (h.has(StateFeature.KEYS_LIKE) && h.store() instanceof KeysLikeStateStore) {
                nodes.add(StateKeysLikeCases.cases(h));
            }
            if (h.has(StateFeature.QUERY_API) && h.store() instanceof QueryableStateStore) {
                nodes.add(StateQueryCases.cases(h));
            }
            nodes.add(StateRefusalCases.cases(h));
        }
        nodes.add(live.closeTest());
        return Labels.apply(dynamicContainer(live.displayName(), nodes));
    }
}
