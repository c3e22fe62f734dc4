package io.quapr.loadtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulation's settings, read once from system properties ({@code -Dload.rate=500} on the
 * Maven command line reaches the simulation's JVM).
 *
 * @param baseUrl {@code load.baseUrl}: a sidecar already running (its {@code statestore} and
 *        {@code pubsub} components, an app {@code load.invokeAppId} behind another sidecar, a
 *        workflow worker serving {@code FanOut5}); empty (the default) starts everything here
 * @param invokeAppId {@code load.invokeAppId}: the app the invocation scenario calls (default
 *        {@code load-echo}, the echo app started here)
 * @param rate {@code load.rate}: new requests per second of each HTTP scenario, an open model
 *        (default 200)
 * @param workflowRate {@code load.workflowRate}: workflows started per second (default 20)
 * @param duration {@code load.duration}: seconds of each scenario (default 10); the scenarios run
 *        one after the other
 * @param connections {@code load.connections}: connections shared by all virtual users (default
 *        64); a request waits for a free one, so with too few a slow moment becomes a queue in the
 *        load generator (16 made the invocation's p50 20 s on a busy 2-core machine, 64 made it
 *        66 ms)
 * @param warmup {@code load.warmup}: seconds of untimed requests to every endpoint before the
 *        measured scenarios (default 3), so the p99 is not the JIT's
 * @param p99Millis {@code load.p99Ms}: the bound on the global 99th percentile of response times
 *        (default 250: a busy 2-core machine; a quiet one stays far below)
 * @param maxFailedPercent {@code load.maxFailedPercent}: failed requests allowed, in percent
 *        (default 0: none)
 * @param root {@code quapr.root}: the repository (set by the module's POM)
 * @param target {@code quapr.target}: this module's build folder, for the processes' logs
 */
record LoadSettings(Optional<String> baseUrl, String invokeAppId, int rate, int workflowRate, Duration duration,
        int connections, Duration warmup, int p99Millis, double maxFailedPercent, Path root, Path target) {

    static LoadSettings fromSystemProperties() {
        Path root = Path.of(System.getProperty("quapr.root", "..")).toAbsolutePath().normalize();
        return new LoadSettings(
                Optional.ofNullable(System.getProperty("load.baseUrl")).filter(s -> !s.isBlank()),
                System.getProperty("load.invokeAppId", "load-echo"),
                Integer.getInteger("load.rate", 200),
                Integer.getInteger("load.workflowRate", 20),
                Duration.ofSeconds(Integer.getInteger("load.duration", 10)),
                Integer.getInteger("load.connections", 64),
                Duration.ofSeconds(Integer.getInteger("load.warmup", 3)),
                Integer.getInteger("load.p99Ms", 250),
                Double.parseDouble(System.getProperty("load.maxFailedPercent", "0")),
                root,
                Path.of(System.getProperty("quapr.target", root.resolve("load-tests/target").toString())));
    }
}
