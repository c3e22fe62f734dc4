package io.quapr.sidecar.config.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.OtherResource;
import io.quapr.sidecar.components.ResourceLoader;
import io.quapr.sidecar.kubernetes.KubernetesResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code Configuration} resource in force: the one in the file named by {@code --config}, as
 * daprd reads it in self-hosted mode (Configuration resources in the resources path are not
 * applied), or in Kubernetes mode the {@code Configuration} of that name in the sidecar's
 * namespace. Without {@code --config} every section is absent and each block uses daprd's
 * defaults.
 *
 * <p>
 * This class only finds the resource; each block reads and validates its own section
 * ({@code tracing}, {@code metrics}, {@code accessControl}, ...) at start-up and reports problems
 * naming {@link #source()} and the field.
 */
@ApplicationScoped
public class DaprConfiguration {

    @Inject
    SidecarConfig config;

    @Inject
    KubernetesResources kubernetes;

    private volatile OtherResource resource;
    private volatile boolean loaded;

    /**
     * Reads the {@code --config} file once; later calls return at once.
     *
     * @throws StartupException when the file is missing, unreadable or holds no single
     *         Configuration
     */
    public synchronized void load() {
        if (loaded) {
            return;
        }
        resource = config.configFile().map(String::trim).filter(s -> !s.isEmpty())
                .map(name -> config.mode() == SidecarConfig.Mode.KUBERNETES ? fromApiServer(name) : read(name))
                .orElse(null);
        loaded = true;
    }

    private OtherResource fromApiServer(String name) {
        return ResourceLoader.load(List.of(kubernetes.configuration(name)), null).ofKind("Configuration").get(0);
    }

    private static OtherResource read(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new StartupException(List.of(file + ": --config names a file that does not exist"));
        }
        List<OtherResource> found = ResourceLoader.loadFile(path).ofKind("Configuration");
        if (found.size() != 1) {
            throw new StartupException(List.of(file + ": --config file must hold exactly one Configuration resource, "
                    + "found " + found.size()));
        }
        return found.get(0);
    }

    /** Whether a Configuration was given with {@code --config}. */
    public boolean present() {
        load();
        return resource != null;
    }

    /** The Configuration's name, empty without one. */
    public String name() {
        load();
        return resource == null ? "" : resource.name();
    }

    /** The file it came from, for start-up messages; empty without one. */
    public String source() {
        load();
        return resource == null ? "" : resource.source();
    }

    /**
     * One top-level section of {@code spec} ({@code "tracing"}, {@code "accessControl"}, ...).
     *
     * @return the section, or a missing node when absent (so {@code path(...)} chains work)
     */
    public JsonNode section(String name) {
        load();
        return resource == null ? MissingNode.getInstance() : resource.spec().path(name);
    }
}
