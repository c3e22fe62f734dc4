package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.pubsub.fakelossy.FakeLossyPubSub;
import io.quapr.components.pubsub.fakeplain.FakePlainPubSub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The pub/sub suite judged by two fakes: it must pass an honest one and fail a lossy one. */
class PubSubSuiteAgainstFakesTest {

    /** Short waits: the fakes answer in milliseconds. */
    private static final PubSubHarness.Timings FAST = new PubSubHarness.Timings(Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(300));

    @TempDir
    Path fixtures;

    /** Runs every dynamic test; each test's path to its failure, or null, or the skip. */
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
        failed.values().removeIf(v -> v == null || v instanceof TestAbortedException);
        return failed;
    }

    private void hint(String type, String key, String value) throws IOException {
        Files.writeString(fixtures.resolve(type + ".yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: fake
                  annotations:
                    conformance.quapr.io/%s: "%s"
                spec:
                  type: %s
                  version: v1
                """.formatted(key, value, type));
    }

    @Test
    void anHonestPubSubPasses() throws Exception {
        try (ConformanceRun run = new ConformanceRun(List.of(FakePlainPubSub.class), new Fixtures(fixtures), false)) {
            Map<String, Throwable> outcomes = execute(new PubSubConformanceTest().pubsubs(run, FAST));
            Map<String, Throwable> description = execute(new DescriptionConformanceTest().descriptions(run));
            assertTrue(outcomes.size() >= 13, "pub/sub cases run: " + outcomes.keySet());
            assertEquals(Map.of(), failures(outcomes));
            assertEquals(Map.of(), failures(description));
            assertTrue(outcomes.keySet().stream().noneMatch(k -> k.contains("› ttl ›") || k.contains("wildcard")),
                    "cases of unclaimed features ran: " + outcomes.keySet());
            assertTrue(outcomes.keySet().stream().noneMatch(k -> k.contains("durable")),
                    "cases of undeclared broker behaviour ran: " + outcomes.keySet());
        }
    }

    @Test
    void aPubSubThatLosesRejectedMessagesFailsTheRedeliveryCase() throws Exception {
        hint("pubsub.fakelossy", "redelivery-within", "1s");
        try (ConformanceRun run = new ConformanceRun(List.of(FakeLossyPubSub.class), new Fixtures(fixtures), false)) {
            Map<String, Throwable> failed = failures(execute(new PubSubConformanceTest().pubsubs(run, FAST)));
            assertEquals(1, failed.size(), "failures: " + failed.keySet());
            String path = failed.keySet().iterator().next();
            assertTrue(path.contains("› acknowledgement › a rejected message is delivered again"), path);
            String message = failed.values().iterator().next().getMessage();
            assertTrue(message.startsWith("pubsub.fakelossy (FakeLossyPubSub) › acknowledgement › "), message);
            assertTrue(message.contains("not delivered again within 1 s"), message);
        }
    }

    @Test
    void aBrokerClaimedDurableFromStartIsHeldToIt() throws Exception {
        hint("pubsub.fakeplain", "durable-from-start", "true");
        try (ConformanceRun run = new ConformanceRun(List.of(FakePlainPubSub.class), new Fixtures(fixtures), false)) {
            Map<String, Throwable> failed = failures(execute(new PubSubConformanceTest().pubsubs(run, FAST)));
            assertEquals(1, failed.size(), "failures: " + failed.keySet());
            assertTrue(failed.keySet().iterator().next().contains("published before the first subscription"),
                    failed.keySet().toString());
        }
    }

    @Test
    void aSkippedRunHasNoPubSubTests() throws Exception {
        try (ConformanceRun run = new ConformanceRun(List.of(), new Fixtures(null), true)) {
            assertEquals(0, execute(new PubSubConformanceTest().pubsubs(run)).size());
        }
    }
}
