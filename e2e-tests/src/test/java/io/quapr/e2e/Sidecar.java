package io.quapr.e2e;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.config.Properties;
import io.quapr.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One packaged sidecar ({@code quarkus-run.jar}) running as a child process on free loopback
 * ports, as a user starts it: {@code java -jar quarkus-run.jar --app-id ... --resources-path ...}.
 * {@link #start} returns once {@code GET /v1.0/healthz} answers 204; {@link #close} stops it
 * (SIGTERM, then SIGKILL). Its output goes to {@code target/e2e-logs/<name>.log}.
 */
final class Sidecar implements AutoCloseable {

    /** How long a sidecar may take to become healthy: 2 shared cores, other builds running. */
    private static final Duration STARTUP = Duration.ofSeconds(90);

    /** Every sidecar still running, killed when the test JVM exits however it exits. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final String appId;
    private final int httpPort;
    private final int grpcPort;
    private final Path log;
    private final Process process;
    private final List<String> command;
    private final Map<String, String> environment;

    private Sidecar(String name, String appId, int httpPort, int grpcPort, Path log, Process process,
            List<String> command, Map<String, String> environment) {
        this.name = name;
        this.appId = appId;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.log = log;
        this.process = process;
        this.command = command;
        this.environment = environment;
    }

    /**
     * Starts a sidecar and waits until it is healthy.
     *
     * @param name names the log file
     * @param appId {@code --app-id}
     * @param jvmOptions options placed before {@code -jar} (e.g. {@code -Duser.home=...})
     * @param resourcesPaths one {@code --resources-path} each; none means the embedded default
     */
    static Sidecar start(String name, String appId, List<String> jvmOptions, List<Path> resourcesPaths) {
        return start(name, appId, jvmOptions, resourcesPaths, 0);
    }

    /**
     * Starts a sidecar for an app listening on {@code appPort} ({@code --app-port}; 0 for none)
     * and waits until it is healthy.
     */
    static Sidecar start(String name, String appId, List<String> jvmOptions, List<Path> resourcesPaths,
            int appPort) {
        return start(name, appId, jvmOptions, resourcesPaths, appPort, List.of(), Map.of());
    }

    /**
     * Starts a sidecar with extra environment variables (e.g. {@code DAPR_API_TOKEN}) and waits
     * until it is healthy.
     */
    static Sidecar start(String name, String appId, List<String> jvmOptions, List<Path> resourcesPaths,
            int appPort, Map<String, String> environment) {
        return start(name, appId, jvmOptions, resourcesPaths, appPort, List.of(), environment);
    }

    /** Starts a sidecar with more daprd flags ({@code --enable-mtls}, ...) after the usual ones. */
    static Sidecar start(String name, String appId, List<String> jvmOptions, List<Path> resourcesPaths,
            int appPort, List<String> flags) {
        return start(name, appId, jvmOptions, resourcesPaths, appPort, flags, Map.of());
    }

    /**
     * Starts a sidecar with more daprd flags after the usual ones and extra environment variables,
     * and waits until it is healthy.
     */
    static Sidecar start(String name, String appId, List<String> jvmOptions, List<Path> resourcesPaths,
            int appPort, List<String> flags, Map<String, String> environment) {
        int httpPort = freePort();
        int grpcPort = freePort(); // never httpPort: each port is handed out once
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small heap, C1 only: these sidecars live for seconds on a busy 2-core machine
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(E2e.sidecarJar().toString());
        command.addAll(List.of("--app-id", appId, "--dapr-listen-addresses", "127.0.0.1",
                "--dapr-http-port", Integer.toString(httpPort), "--dapr-grpc-port", Integer.toString(grpcPort),
                // several sidecars run at once here: none may take daprd's fixed metrics port 9090
                "--metrics-port", "0"));
        if (appPort > 0) {
            command.add("--app-port");
            command.add(Integer.toString(appPort));
        }
        for (Path p : resourcesPaths) {
            command.add("--resources-path");
            command.add(p.toAbsolutePath().toString());
        }
        if (!flags.contains("--dapr-internal-grpc-port")) {
            // never daprd's fixed 50002 (another sidecar may hold it), and not a port probed here
            // either (the sidecar's own random metrics port can land on it): the sidecar picks one,
            // and name resolution registers what it picked
            command.addAll(List.of("--dapr-internal-grpc-port", "0"));
        }
        command.addAll(flags);
        return launch(name, appId, httpPort, grpcPort, List.copyOf(command), Map.copyOf(environment));
    }

    /**
     * Starts this sidecar's successor: the same command (app id, ports, flags, resources) and
     * environment, so clients and workers of this one find it where they left it. This one must
     * have stopped (its ports are free).
     *
     * @param name names the successor's log file
     */
    Sidecar restart(String name) {
        return launch(name, appId, httpPort, grpcPort, command, environment);
    }

    private static Sidecar launch(String name, String appId, int httpPort, int grpcPort, List<String> command,
            Map<String, String> environment) {
        Path log = E2e.target().resolve("e2e-logs").resolve(name + ".log");
        Process process;
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ " + String.join(" ", command) + "\n");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .directory(E2e.moduleDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sidecar: " + String.join(" ", command), e);
        }
        RUNNING.add(process);
        Sidecar sidecar = new Sidecar(name, appId, httpPort, grpcPort, log, process, command, environment);
        try {
            sidecar.awaitHealthy();
        } catch (RuntimeException | Error e) {
            sidecar.close();
            throw e;
        }
        return sidecar;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create(httpUrl() + "/v1.0/healthz"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("sidecar " + name + " exited with code " + process.exitValue()
                        + " before it was healthy; its log (" + log + "):\n" + logTail());
            }
            try {
                lastStatus = http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 204) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                // listening, but not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for sidecar " + name, e);
            }
            sleep(100);
        }
        throw new AssertionError("sidecar " + name + " was not healthy (GET /v1.0/healthz = 204) within " + STARTUP
                + " (last status " + lastStatus + "); its log (" + log + "):\n" + logTail());
    }

    /** {@code --app-id}. */
    String appId() {
        return appId;
    }

    /** The HTTP API's port. */
    int httpPort() {
        return httpPort;
    }

    /** The gRPC API's port. */
    int grpcPort() {
        return grpcPort;
    }

    /** {@code http://127.0.0.1:<http port>}. */
    String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The sidecar process's id (for {@code /proc/<pid>/...}). */
    long pid() {
        return process.pid();
    }

    /** The process output so far. */
    Path log() {
        return log;
    }

    /** A Java SDK client on this sidecar (gRPC, plus HTTP for what the SDK sends that way). */
    DaprClient javaClient() {
        return builder().build();
    }

    /** The Java SDK's preview client (state query lives there). */
    DaprPreviewClient javaPreviewClient() {
        return builder().buildPreviewClient();
    }

    /** A Java SDK client that sends {@code dapr-api-token} on every call. */
    DaprClient javaClient(String apiToken) {
        return builder().withPropertyOverride(Properties.API_TOKEN, apiToken).build();
    }

    private DaprClientBuilder builder() {
        // Property overrides, not System properties: several sidecars' clients may coexist
        return new DaprClientBuilder()
                .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
                .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(httpPort))
                .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(grpcPort));
    }

    /** The last lines of the sidecar's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills the sidecar at once (SIGKILL, as {@code kill -9}): no shutdown hooks run, nothing is handed over. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
        }
    }

    /** Stops the sidecar as a user would (SIGTERM), killing it if it does not exit in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
        }
    }

    /**
     * A free loopback port for a sidecar to bind later: below the ephemeral range, so no port-0
     * bind (the sidecar's own internal gRPC or metrics server) can take it first.
     */
    static int freePort() {
        return LoopbackPorts.next();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
