package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quapr.sidecar.kubernetes.cli.CliOptions.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code quaprd kubernetes init|status|uninstall}: Quapr's {@code dapr init -k},
 * {@code dapr status -k} and {@code dapr uninstall -k}. Like {@code quaprd injector} it never starts
 * the Quarkus application: it talks to the API server with a plain Kubernetes client, configured as
 * {@code kubectl} is ({@code --kubeconfig}, else {@code KUBECONFIG}, else {@code ~/.kube/config};
 * {@code --context}, else the current one; in a pod, its service account).
 */
public final class KubernetesCli {

    /** The first argument that selects these commands. */
    public static final String COMMAND = "kubernetes";

    private KubernetesCli() {
    }

    /**
     * Runs one command.
     *
     * @param args what follows {@code kubernetes}
     * @return the exit code: 0 done (or healthy), 1 failed (or unhealthy), 2 a command line that
     *         does not parse
     */
    public static int run(String... args) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("quaprd kubernetes: " + e.getMessage());
            System.err.println(CliOptions.USAGE);
            return 2;
        }
        Config config;
        try {
            config = config(options);
        } catch (UncheckedIOException e) {
            System.err.println("quaprd kubernetes: " + e.getMessage());
            return 1;
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            return run(options, client, System.out, System.err);
        }
    }

    /** Runs a parsed command with a client; what it prints goes to {@code out} and {@code err}. */
    static int run(CliOptions options, KubernetesClient client, PrintStream out, PrintStream err) {
        try {
            return switch (options.verb()) {
                case "init" -> Init.run(options, client, out, err);
                case "status" -> Status.run(options, client, out, Instant.now());
                default -> Uninstall.run(options, client, out, err);
            };
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println("quaprd kubernetes " + options.verb() + ": " + e.getMessage());
            return 1;
        } catch (KubernetesClientException e) {
            String server = client.getConfiguration().getMasterUrl();
            err.println("quaprd kubernetes " + options.verb() + ": " + (e.getCode() > 0
                    ? "the API server at " + server + " answered: " + e.getMessage()
                    : "cannot reach the API server at " + server + ": " + rootCause(e)
                            + " (--kubeconfig, --context, KUBECONFIG)"));
            return 1;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static Config config(CliOptions options) {
        String context = options.context().orElse(null);
        if (options.kubeconfig().isEmpty()) {
            return Config.autoConfigure(context);
        }
        Path file = options.kubeconfig().get();
        try {
            return Config.fromKubeconfig(context, Files.readString(file), file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --kubeconfig " + file, e);
        }
    }
}
