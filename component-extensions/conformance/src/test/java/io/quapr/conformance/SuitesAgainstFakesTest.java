package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.state.fakelying.FakeLyingStateStore;
import io.quapr.components.state.fakeplain.FakePlainStateStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/** The kit judged by two fake stores: it must pass an honest one and fail a lying one. */
class SuitesAgainstFakesTest {

    /** Runs every dynamic test of the tree; returns each test's path and its failure, or null. */
    private static Map<String, Throwable> execute(Stream<DynamicNode> nodes) {
        Map<String, Throwable> outcomes = new LinkedHashMap<>();
        nodes.forEach(n -> execute(n, "", outcomes));
        return outcomes;
    }

    private static void execute(DynamicNode node, String parent, Map<String, Throwable> outcomes) {
        String path = parent.isEmpty() ? node.getDisplayName() : parent + " › " + node.getDisplayName();
        if (node instanceof DynamicContainer c) {
            c.getChildren().forEach(child -> execute(child, path, outcomes));
            return;
        }
        try {
            ((DynamicTest) node).getExecutable().execute();
            outcomes.put(path, null);
        } catch (Throwable e) {
            outcomes.put(path, e);
        }
    }

    private static Map<String, Throwable> failures(Map<String, Throwable> outcomes) {
        Map<String, Throwable> failed = new LinkedHashMap<>(outcomes);
        failed.values().removeIf(v -> v == null);
        return failed;
    }

    @Test
    void anHonestStoreWithoutFeaturesPasses() throws Exception {
        try (ConformanceRun run = new ConformanceRun(List.of(FakePlainStateStore.class), new Fixtures(null), false)) {
            Map<String, Throwable> state = execute(new StateStoreConformanceTest().stateStores(run));
            Map<String, Throwable> description = execute(new DescriptionConformanceTest().descriptions(run));
            assertTrue(state.size() > 15, "state cases run: " + state.keySet());
            assertTrue(description.size() > 5, "description cases run: " + description.keySet());
            assertEquals(Map.of(), failures(state));
            assertEquals(Map.of(), failures(description));
            assertTrue(state.keySet().stream().noneMatch(k -> k.contains("› etag ›")),
                    "ETag cases ran for a store without ETAG");
        }
    }

    @Test
    void aStoreClaimingETagsItDoesNotCheckFails() throws Exception {
        try (ConformanceRun run = new ConformanceRun(List.of(FakeLyingStateStore.class), new Fixtures(null), false)) {
            Map<String, Throwable> failed = failures(execute(new StateStoreConformanceTest().stateStores(run)));
            assertFalse(failed.isEmpty(), "the kit passed a store that ignores ETags");
            assertTrue(failed.keySet().stream().allMatch(k -> k.contains("› etag ›")), "failures: " + failed.keySet());
            assertTrue(failed.keySet().stream().anyMatch(k -> k.contains("stale etag")),
                    "failures: " + failed.keySet());
            Throwable first = failed.values().iterator().next();
            assertTrue(first.getMessage().startsWith("state.fakelying (FakeLyingStateStore) › etag › "),
                    "failure messages name the component and case: " + first.getMessage());
        }
    }

    @Test
    void aSkippedRunHasNoTests() throws Exception {
        try (ConformanceRun run = new ConformanceRun(List.of(), new Fixtures(null), true)) {
            assertEquals(0, execute(new StateStoreConformanceTest().stateStores(run)).size());
            assertEquals(0, execute(new SecretStoreConformanceTest().secretStores(run)).size());
        }
    }
}
