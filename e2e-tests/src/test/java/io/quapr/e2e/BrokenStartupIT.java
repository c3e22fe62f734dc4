package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up problems fail fast: the packaged sidecar exits with code 1 and one message naming the
 * file, the component and the field or cause. One broken resources folder per test.
 */
class BrokenStartupIT {

    @TempDir
    Path dir;

    @Test
    void unknownFlagExitsWithOne() throws Exception {
        Result r = run(List.of("--no-such-flag", "1"));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains("unknown flag: --no-such-flag"), r.output);
    }

    @Test
    void configFlagNamingNoFileNamesIt() throws Exception {
        Path missing = dir.resolve("no-such-config.yaml");
        Result r = run(List.of("--config", missing.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(missing + ": --config names a file that does not exist"), r.output);
    }

    @Test
    void configFileWithoutAConfigurationSaysSo() throws Exception {
        Path file = write("config.yaml", component("orders", "state.in-memory", ""));
        Result r = run(List.of("--config", file.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(file + ": --config file must hold exactly one Configuration resource, found 0"),
                r.output);
    }

    @Test
    void unknownComponentTypeNamesFileAndKnownTypes() throws Exception {
        Path file = write("store.yaml", component("orders", "state.nosuch", ""));
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(file.toString()), r.output);
        assertTrue(r.output.contains("Component 'orders' (state.nosuch): field 'spec.type' names unknown type "
                + "'state.nosuch'"),
                r.output);
        assertTrue(r.output.contains("state.redis"), "lists the known types: " + r.output);
    }

    @Test
    void missingTypeAndBadYamlAreReportedTogether() throws Exception {
        Path noType = write("a.yaml",
                "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\nspec: {}\n");
        Path broken = write("b.yaml", "apiVersion: dapr.io/v1alpha1\nkind: [unclosed\n");
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(noType + ": Component 'a': field 'spec.type' is required"), r.output);
        assertTrue(r.output.contains(broken + ": not valid YAML (line 2, column "), r.output);
    }

    @Test
    void brokenResiliencyNamesFileTargetAndField() throws Exception {
        Path file = write("resiliency.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Resiliency\nmetadata:\n  name: r\n"
                + "spec:\n  policies:\n    timeouts:\n      t: soon\n    circuitBreakers:\n      cb:\n"
                + "        trip: \"consecutiveFailures >\"\n  targets:\n    apps:\n      b:\n        retry: nope\n");
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(file + ": Resiliency 'r': spec.policies.timeouts.t: invalid duration 'soon'"),
                r.output);
        assertTrue(r.output.contains(file + ": Resiliency 'r': spec.policies.circuitBreakers.cb.trip: invalid CEL"),
                r.output);
        assertTrue(r.output.contains(file + ": Resiliency 'r': spec.targets.apps.b.retry: unknown retry policy 'nope'"),
                r.output);
    }

    @Test
    void duplicateNamesNameBothFiles() throws Exception {
        Path one = write("one.yaml", component("dup", "state.in-memory", ""));
        Path two = write("two.yaml", component("dup", "state.in-memory", ""));
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains("component name 'dup' is used twice: in " + one + " and in " + two), r.output);
    }

    @Test
    void secretKeyRefWithoutSecretStoreNamesTheComponent() throws Exception {
        write("store.yaml", component("cache", "state.redis",
                "  - name: redisHost\n    value: 127.0.0.1:6379\n  - name: redisPassword\n    secretKeyRef:\n"
                        + "      name: redis-secret\n      key: password\n"));
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains("Component 'cache' (state.redis)"), r.output);
        assertTrue(r.output.contains("needs a secret store: set 'auth.secretStore'"), r.output);
    }

    @Test
    void missingRequiredMetadataNamesTheKey() throws Exception {
        write("store.yaml", component("pg", "state.postgresql", ""));
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(
                r.output.contains(
                        "Component 'pg' (state.postgresql): missing required metadata key 'connectionString'"),
                r.output);
    }

    @Test
    void failingInitStopsStartUpUnlessIgnoreErrors() throws Exception {
        String unreachable = "  - name: redisHost\n    value: 127.0.0.1:1\n  - name: dialTimeout\n    value: 1s\n"
                + "  - name: redisMaxRetries\n    value: \"0\"\n";
        Path file = write("store.yaml", component("cache", "state.redis", unreachable));
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(file + ": Component 'cache' (state.redis): "), r.output);
    }

    /** A server that accepts and never answers: the message still names the cause, never "null". */
    @Test
    void silentRedisNamesTheCause() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Path file = write("store.yaml", component("cache", "state.redis",
                    "  - name: redisHost\n    value: 127.0.0.1:" + silent.port() + "\n"));
            Result r = run(List.of("--resources-path", dir.toString()));
            assertEquals(1, r.exitCode, r.output);
            assertTrue(r.output.contains(file + ": Component 'cache' (state.redis): "), r.output);
            String line = r.output.lines().filter(l -> l.contains("Component 'cache' (state.redis): ")).findFirst()
                    .orElseThrow();
            assertFalse(line.endsWith(": null") || line.endsWith(": "), "the cause is named: " + line);
        }
    }

    @Test
    void subscriptionWithoutTopicNamesTheField() throws Exception {
        Path file = write("sub.yaml",
                "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: orders-sub\n"
                        + "spec:\n  pubsubname: pubsub\n  routes:\n    default: /orders\n");
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(file + ": Subscription 'orders-sub': field 'spec.topic' is required"), r.output);
    }

    @Test
    void subscriptionRuleThatIsNotCelNamesFileAndField() throws Exception {
        Path file = write("sub.yaml",
                "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: orders-sub\n"
                        + "spec:\n  pubsubname: pubsub\n  topic: orders\n  routes:\n    rules:\n"
                        + "    - match: event.type ==\n      path: /special\n    default: /orders\n");
        Result r = run(List.of("--resources-path", dir.toString()));
        assertEquals(1, r.exitCode, r.output);
        assertTrue(r.output.contains(file.toString()), r.output);
        assertTrue(r.output.contains("orders-sub"), r.output);
        assertTrue(r.output.contains("field 'spec.routes.rules[0].match' is not a valid CEL expression"), r.output);
    }

    @Test
    void brokenAccessControlNamesFileAndFields() throws Exception {
        Path config = write("config.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n"
                + "  name: appconfig\nspec:\n  accessControl:\n    defaultAction: permit\n    policies:\n"
                + "    - appId: caller\n      namespace: default\n      operations:\n      - name: /orders\n"
                + "        httpVerb: [get]\n        action: allow\n");
        Result r = run(List.of("--config", config.toString()));
        assertEquals(1, r.exitCode, r.output);
        String at = config + ": Configuration 'appconfig': field ";
        assertTrue(r.output.contains(at + "'spec.accessControl.defaultAction' is 'permit': must be 'allow' or 'deny'"),
                r.output);
        assertTrue(r.output.contains(at + "'spec.accessControl.policies[0].trustDomain' is required"), r.output);
        assertTrue(r.output.contains(at + "'spec.accessControl.policies[0].operations[0].httpVerb[0]' is 'get'"),
                r.output);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String component(String name, String type, String metadata) {
        return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\nspec:\n  type: " + type
                + "\n  version: v1\n  metadata:" + (metadata.isEmpty() ? " []\n" : "\n" + metadata);
    }

    /** Runs the packaged sidecar to completion (it must exit by itself) and captures its output. */
    private Result run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(E2e.sidecarJar().toString());
        command.addAll(args);
        // ports 0: a sidecar that wrongly starts must not clash with anything
        command.addAll(List.of("--dapr-http-port", "0", "--dapr-grpc-port", "0"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the sidecar did not exit by itself: " + args);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
