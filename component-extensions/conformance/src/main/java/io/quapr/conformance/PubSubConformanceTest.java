package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pub/sub suite: for every {@link PubSub} the module declares, one container that
 * initialises it from its fixture, checks its features against {@code metadata.yaml}, runs the
 * delivery and acknowledgement cases every component must pass, the cases of each feature it
 * claims and of each broker behaviour its fixture's hints declare, then closes it.
 */
@ExtendWith(ConformanceExtension.class)
public class PubSubConformanceTest {

    /** One container per pub/sub component of the module; none when it has none. */
    @TestFactory
    Stream<DynamicNode> pubsubs(ConformanceRun run) {
        return pubsubs(run, PubSubHarness.Timings.DEFAULT);
    }

    /** The same with other waits, for the kit's own tests. */
    Stream<DynamicNode> pubsubs(ConformanceRun run, PubSubHarness.Timings timings) {
        return run.components(PubSub.class).stream().map(type -> container(run, type, timings));
    }

    private static DynamicNode container(ConformanceRun run, Class<? extends PubSub> type,
            PubSubHarness.Timings timings) {
        LiveComponent<PubSub> live = LiveComponent.start(type, run);
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(live.initTest());
        if (live.ready()) {
            PubSubHints hints = PubSubHints.of(run.fixtures().resource(live.daprType()).annotations());
            PubSubHarness h = new PubSubHarness(live.instance(), PubSubDescriptionChecks.carriesContentType(type),
                    hints, timings);
            nodes.add(dynamicTest("features() after init equal the capabilities of metadata.yaml", () -> {
                Set<PubSubFeature> claimed = EnumSet.noneOf(PubSubFeature.class);
                for (PubSubFeature f : PubSubFeature.values()) {
                    if (h.has(f)) {
                        claimed.add(f);
                    }
                }
                assertEquals(PubSubDescriptionChecks.listedFeatures(type), claimed,
                        "metadata.yaml capabilities (expected) vs features() after init with the fixture (actual); "
                                + "a capability that depends on metadata must be switched on by the fixture");
            }));
            nodes.add(PubSubDeliveryCases.cases(h));
            nodes.add(PubSubAckCases.cases(h));
            List<DynamicNode> broker = new ArrayList<>(PubSubDurableCases.cases(h));
            if (!broker.isEmpty()) {
                nodes.add(dynamicContainer("kept while nobody listens", broker));
            }
            if (h.has(PubSubFeature.MESSAGE_TTL)) {
                nodes.add(PubSubTtlCases.cases(h));
            }
            if (h.has(PubSubFeature.SUBSCRIBE_WILDCARDS)) {
                nodes.add(PubSubWildcardCases.cases(h));
            }
        }
        nodes.add(live.closeTest());
        return Labels.apply(dynamicContainer(live.displayName(), nodes));
    }
}
