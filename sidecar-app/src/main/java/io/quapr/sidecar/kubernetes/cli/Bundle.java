package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes bundle sidecar-app's build writes ({@code target/kubernetes/kubernetes.yml}),
 * split into the control plane ({@code quaprd kubernetes init} applies it) and the example app.
 * The build copies it beside the application, into {@code quarkus-app/kubernetes/}; a native
 * executable finds it in {@code kubernetes/} beside itself, which is where the build writes it.
 */
final class Bundle {

    /** The label of every control-plane object; the example's objects do not carry it. */
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String BUNDLE_FILE = "kubernetes.yml";
    static final String EKS_FILE = "eks.yml";

    private final Path file;
    private final List<HasMetadata> objects;

    private Bundle(Path file, List<HasMetadata> objects) {
        this.file = file;
        this.objects = objects;
    }

    /**
     * Reads the bundle.
     *
     * @param given {@code --bundle}, or empty for the one beside the application
     * @throws IllegalStateException when there is no such file
     */
    static Bundle read(KubernetesClient client, Optional<Path> given) {
        Path file = given.orElseGet(Bundle::besideApplication);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no bundle at " + file + (given.isPresent()
                    ? ""
                    : ": build sidecar-app (./mvnw package -pl sidecar-app -am) or pass --bundle"
                            + " sidecar-app/target/kubernetes/kubernetes.yml"));
        }
        return new Bundle(file, load(client, file));
    }

    /** The file the bundle was read from. */
    Path file() {
        return file;
    }

    /** The objects labelled {@code app.kubernetes.io/part-of: quapr}, in the bundle's order. */
    List<HasMetadata> controlPlane() {
        return objects.stream().filter(Bundle::isControlPlane).toList();
    }

    /** The example app's objects, in the bundle's order. */
    List<HasMetadata> example() {
        return objects.stream().filter(o -> !isControlPlane(o)).toList();
    }

    /** The EKS overlay's objects, read from beside the bundle. */
    List<HasMetadata> eksOverlay(KubernetesClient client) {
        Path overlay = file.resolveSibling(EKS_FILE);
        if (!Files.isRegularFile(overlay)) {
            throw new IllegalStateException("no EKS overlay at " + overlay);
        }
        return load(client, overlay);
    }

    private static boolean isControlPlane(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && "quapr".equals(labels.get(PART_OF));
    }

    private static List<HasMetadata> load(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new ArrayList<>(client.load(in).items());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * {@code kubernetes/kubernetes.yml} in the application's folder: the one holding
     * {@code quarkus-run.jar} ({@code java -jar} makes it the class path) or the native executable.
     */
    private static Path besideApplication() {
        String classPath = System.getProperty("java.class.path", "");
        Optional<Path> home = classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                ? Optional.of(Path.of(classPath).toAbsolutePath().getParent())
                : ProcessHandle.current().info().command().map(c -> Path.of(c).toAbsolutePath().getParent());
        return home.orElse(Path.of(".")).resolve("kubernetes").resolve(BUNDLE_FILE);
    }
}
