package io.quapr.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where sidecar-app's build leaves what these tests read. The module's folder comes from the system
 * property {@code quapr.sidecar.dir} (set by this module's POM); nothing here builds anything, so a
 * missing file means sidecar-app was not packaged first.
 */
public final class BuildOutput {

    private BuildOutput() {
    }

    /** The sidecar-app module's folder. */
    public static Path sidecarModule() {
        String dir = System.getProperty("quapr.sidecar.dir");
        if (dir == null) {
            throw new IllegalStateException("system property quapr.sidecar.dir is not set: run these tests with Maven");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /** The folder quarkus-kubernetes writes the bundle to. */
    public static Path kubernetesFolder() {
        return sidecarModule().resolve("target/kubernetes");
    }

    /** The bundle: every resource to apply, in one file. */
    public static Path bundle() {
        return existing(kubernetesFolder().resolve("kubernetes.yml"));
    }

    /** The EKS overlay, applied after the bundle. */
    public static Path eksOverlay() {
        return existing(kubernetesFolder().resolve("eks.yml"));
    }

    /** The fast-jar folder the JVM Dockerfile copies from. */
    public static Path quarkusApp() {
        return existing(sidecarModule().resolve("target/quarkus-app"));
    }

    /** A file of sidecar-app's {@code src/main/docker}. */
    public static Path dockerfile(String name) {
        return existing(sidecarModule().resolve("src/main/docker").resolve(name));
    }

    /** sidecar-app's {@code application.properties}. */
    public static Path applicationProperties() {
        return existing(sidecarModule().resolve("src/main/resources/application.properties"));
    }

    /** The bundle's hand-written sources, in the repository's top-level {@code src/main/kubernetes}. */
    public static Path kubernetesSources() {
        return existing(sidecarModule().resolve("../src/main/kubernetes").normalize());
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist: package sidecar-app first"
                    + " (./mvnw -B -ntp install -DskipTests -pl sidecar-app)");
        }
        return path;
    }
}
