package io.quapr.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the simulation loads, started on free loopback ports and stopped afterwards:
 * <ul>
 * <li>sidecar A ({@code --app-id load}), the one under load, with {@code state.in-memory} as
 * {@code statestore} and {@code pubsub.in-memory} as {@code pubsub} (which also keeps workflows in
 * memory);</li>
 * <li>the echo app ({@link EchoApp}) and its sidecar B ({@code --app-id load-echo}): the invocation
 * scenario calls it through A and B; both sidecars find each other through the zero-configuration
 * name resolution on a shared data folder;</li>
 * <li>a workflow worker, the official Java SDK's ({@code load-tests/bench/WorkflowBench.java
 * worker}), connected to A over gRPC.</li>
 * </ul>
 * The sidecars run as {@code quaprd} runs them (the production JVM profile), on the packaged
 * sidecar that {@code ./mvnw install} leaves in {@code sidecar-app/target/quarkus-app}.
 */
final class SidecarProcesses implements AutoCloseable {

    /** How long a process may take to answer: 2 shared cores, other builds running. */
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final LoadSettings settings;
    private final int httpPort = freePort();
    private final int grpcPort = freePort();
    private final int echoSidecarHttpPort = freePort();
    private final int echoSidecarGrpcPort = freePort();
    private final int echoPort = freePort();
    private final List<ChildProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path work;

    /** Picks the ports; {@link #start()} starts the processes. */
    SidecarProcesses(LoadSettings settings) {
        this.settings = settings;
    }

    /** {@code http://127.0.0.1:<sidecar A's HTTP port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the echo app, both sidecars and the worker; returns once each answers. */
    void start() {
        Path quarkusApp = settings.root().resolve("sidecar-app/target/quarkus-app");
        Path jar = quarkusApp.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged sidecar at " + jar
                    + ": build it first (./mvnw -B install -DskipTests -pl sidecar-app -am)");
        }
        try {
            work = Files.createTempDirectory("quapr-load-");
            Path resources = Files.createDirectories(work.resolve("resources"));
            Files.writeString(resources.resolve("statestore.yaml"), component("statestore", "state.in-memory"));
            Files.writeString(resources.resolve("pubsub.yaml"), component("pubsub", "pubsub.in-memory"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path logs = settings.target().resolve("load-logs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // the echo app on the sidecar's own jars: Vert.x 4 needs the Netty 4.1 the sidecar has,
        // while this JVM carries Gatling's Netty 4.2
        String echoClasspath = settings.target().resolve("test-classes") + ":" + quarkusApp.resolve("lib/main") + "/*";
        processes.add(ChildProcess.start("echo-app",
                List.of(java, "-Xmx128m", "-cp", echoClasspath, EchoApp.class.getName(), Integer.toString(echoPort)),
                Map.of(), logs));
        ChildProcess echoSidecar = sidecar(java, jar, "sidecar-load-echo", "load-echo", echoSidecarHttpPort,
                echoSidecarGrpcPort, List.of("--app-port", Integer.toString(echoPort)), logs);
        ChildProcess sidecar = sidecar(java, jar, "sidecar-load", "load", httpPort, grpcPort,
                List.of("--resources-path", work.resolve("resources").toString()), logs);
        awaitStatus(processes.get(0), "http://127.0.0.1:" + echoPort + "/", 200);
        awaitStatus(echoSidecar, "http://127.0.0.1:" + echoSidecarHttpPort + "/v1.0/healthz", 204);
        awaitStatus(sidecar, baseUrl() + "/v1.0/healthz", 204);

        // the worker reuses the workflow benchmark's (FanOut5, Chain15) on this JVM's class path,
        // which has the SDK; the source launcher compiles it
        processes.add(ChildProcess.start("workflow-worker",
                List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        settings.root().resolve("load-tests/bench/WorkflowBench.java").toString(), "worker",
                        Integer.toString(grpcPort)),
                Map.of(), logs));
    }

    private ChildProcess sidecar(String java, Path jar, String name, String appId, int port, int grpc,
            List<String> flags, Path logs) {
        List<String> command = new ArrayList<>(List.of(java,
                "@" + settings.root().resolve("sidecar-app/src/main/jvm/jvm.options")));
        command.addAll(Arrays.stream(System.getProperty("load.sidecarJavaOptions", "").split("\\s+"))
                .filter(s -> !s.isEmpty()).toList());
        command.addAll(List.of("-jar", jar.toString(), "--app-id", appId, "--dapr-listen-addresses", "127.0.0.1",
                "--dapr-http-port", Integer.toString(port), "--dapr-grpc-port", Integer.toString(grpc),
                "--dapr-internal-grpc-port", "0", "--metrics-port", "0", "--data-dir", work.resolve("data").toString(),
                "--log-level", "warn"));
        command.addAll(flags);
        // as quaprd: glibc's per-thread malloc arenas add tens of MB of resident memory for nothing
        ChildProcess p = ChildProcess.start(name, command, Map.of("MALLOC_ARENA_MAX", "2"), logs);
        processes.add(p);
        return p;
    }

    private void awaitStatus(ChildProcess process, String url, int status) {
        // the sidecars' healthz answers a GET with 204; the echo app echoes a POST with 200
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        HttpRequest request = (status == 204
                ? builder.GET()
                : builder.POST(HttpRequest.BodyPublishers.ofString("ping")))
                .build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening or not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + process.name(), e);
            }
            sleep(100);
        }
        throw new IllegalStateException(process.name() + " did not answer " + url + " with " + status + " within "
                + STARTUP + "; its log:\n" + process.logTail());
    }

    /** Fails when a process has exited (the worker above all, which nothing else waits for). */
    void assertAlive() {
        processes.forEach(ChildProcess::assertAlive);
    }

    /** Stops every process, the worker first, and deletes the temporary folder. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }
    }

    private static String component(String name, String type) {
        return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\nspec:\n  type: " + type
                + "\n  version: v1\n";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
