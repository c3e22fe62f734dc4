package io.quapr.sidecar.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Kubernetes mode's last source of the namespace: the pod's service account namespace file, read
 * before Quarkus reads its configuration so that every block sees the same namespace (metrics
 * labels, name resolution, key prefixes), not only the resource loader.
 */
public final class ServiceAccountNamespace {

    /** Where Kubernetes mounts the pod's namespace. */
    static final Path FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private ServiceAccountNamespace() {
    }

    /**
     * Sets {@code quapr.namespace} from the file when the sidecar runs in Kubernetes mode
     * ({@code quapr.mode}) and neither {@code NAMESPACE}, {@code --namespace} nor
     * {@code QUAPR_NAMESPACE} gave one; otherwise does nothing.
     */
    public static void fillIn() {
        String configured = setting("quapr.namespace", "QUAPR_NAMESPACE");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("NAMESPACE");
        }
        fromFile(setting("quapr.mode", "QUAPR_MODE"), configured, FILE)
                .ifPresent(ns -> System.setProperty("quapr.namespace", ns));
    }

    /**
     * The namespace to take from the file, if any.
     *
     * @param mode the configured mode, or null
     * @param configured the namespace already configured, or null
     * @param file the service account's namespace file
     * @return its content, trimmed, in Kubernetes mode when none is configured and the file has one
     */
    static Optional<String> fromFile(String mode, String configured, Path file) {
        boolean kubernetes = mode != null && mode.trim().toLowerCase(Locale.ROOT).equals("kubernetes");
        if (!kubernetes || configured != null && !configured.isBlank() || !Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            String ns = Files.readString(file).trim();
            return ns.isEmpty() ? Optional.empty() : Optional.of(ns);
        } catch (IOException e) {
            // KubernetesResources reports the missing namespace at start-up
            return Optional.empty();
        }
    }

    private static String setting(String property, String variable) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(variable);
    }
}
