package io.quapr.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JavaScript half: the official {@code @dapr/dapr} SDK driven by node's own test runner
 * ({@code node --test}) from {@code js/}. A Java test starts the sidecar, runs one test file
 * against it as a child process with the sidecar's ports in the environment, and asserts that
 * node passed. node's spec output goes to {@code target/e2e-logs/js-<name>.log} and to this
 * JVM's stdout (Failsafe keeps it in the report); a JUnit XML of the JavaScript cases goes to
 * {@code target/js-reports/}.
 */
final class JsSdk {

    private static boolean installed;

    private JsSdk() {
    }

    /**
     * The transports the JavaScript tests use: {@code -Dquapr.e2e.js-protocols} (comma-separated),
     * default both.
     */
    static List<String> protocols() {
        return Arrays.stream(System.getProperty("quapr.e2e.js-protocols", "http,grpc").split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /** The JavaScript project folder. */
    static Path dir() {
        return E2e.moduleDir().resolve("js");
    }

    /**
     * Runs {@code node --test js/test/<testFile>} against {@code sidecar}, with {@code env} added
     * to the environment, and fails with node's output unless every JavaScript test passed.
     */
    static void run(String name, String testFile, Sidecar sidecar, Map<String, String> env) {
        install();
        Path log = E2e.target().resolve("e2e-logs").resolve("js-" + name + ".log");
        Path junit = E2e.target().resolve("js-reports").resolve("TEST-js-" + name + ".xml");
        List<String> command = List.of("node", "--test", "--test-reporter=spec", "--test-reporter-destination=stdout",
                "--test-reporter=junit", "--test-reporter-destination=" + junit, "test/" + testFile);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DAPR_HOST", "127.0.0.1");
        pb.environment().put("DAPR_HTTP_PORT", Integer.toString(sidecar.httpPort()));
        pb.environment().put("DAPR_GRPC_PORT", Integer.toString(sidecar.grpcPort()));
        pb.environment().put("DAPR_APP_ID", sidecar.appId());
        pb.environment().put("DAPR_PROTOCOLS", String.join(",", protocols()));
        pb.environment().putAll(env);
        int exit = exec(pb, log, junit, 180);
        String output = read(log);
        System.out.println("--- node --test " + testFile + " (" + name + ") ---\n" + output);
        if (exit != 0) {
            throw new AssertionError("node --test " + testFile + " failed (exit " + exit + ") against sidecar " + name
                    + "; node's output:\n" + output + "\n--- the sidecar's log (" + sidecar.log() + "):\n"
                    + sidecar.logTail());
        }
    }

    /**
     * {@code npm ci} once per test run, when {@code node_modules} is missing or older than the
     * lock file: the committed {@code package-lock.json} pins the SDK and everything under it.
     */
    private static synchronized void install() {
        if (installed) {
            return;
        }
        Path lock = dir().resolve("package-lock.json");
        Path installedLock = dir().resolve("node_modules/.package-lock.json");
        try {
            if (!Files.exists(installedLock)
                    || Files.getLastModifiedTime(installedLock).compareTo(Files.getLastModifiedTime(lock)) < 0) {
                Path log = E2e.target().resolve("e2e-logs").resolve("npm-ci.log");
                ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                        .directory(dir().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
                int exit = exec(pb, log, null, 300);
                if (exit != 0) {
                    throw new AssertionError("npm ci in " + dir() + " failed (exit " + exit + "):\n" + read(log));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        installed = true;
    }

    private static int exec(ProcessBuilder pb, Path log, Path alsoCreateParentOf, int timeoutSeconds) {
        try {
            Files.createDirectories(log.getParent());
            if (alsoCreateParentOf != null) {
                Files.createDirectories(alsoCreateParentOf.getParent());
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + String.join(" ", pb.command())
                        + ": the JavaScript end-to-end tests need node 20+ and npm on the PATH", e);
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", pb.command()) + " did not finish within " + timeoutSeconds
                        + " s; its output:\n" + read(log));
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
