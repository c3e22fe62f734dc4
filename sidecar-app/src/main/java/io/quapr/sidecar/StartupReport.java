package io.quapr.sidecar;

import io.quapr.sidecar.components.ComponentLoader;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.components.SkippedComponent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The few start-up lines: version, app id, ports, and each component with its type. */
@ApplicationScoped
public class StartupReport {

    private static final Logger LOG = Logger.getLogger("io.quapr.sidecar");

    @Inject
    SidecarConfig config;

    @Inject
    Components components;

    @Inject
    ComponentLoader loader;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    @ConfigProperty(name = "quarkus.grpc.server.port")
    int grpcPort;

    /** Logs the report. */
    public void log() {
        LOG.infof("quapr %s: app id '%s', HTTP API on %d, gRPC API on %d, app %s", Version.RUNTIME,
                config.appId().orElse(""), httpPort, grpcPort,
                config.appPort().map(p -> config.appProtocol() + "://" + config.appChannelAddress() + ":" + p)
                        .orElse("not configured"));
        LOG.infof("resources from %s", loader.resourcesOrigin());
        List<LiveComponent> list = new ArrayList<>(components.all());
        list.sort(Comparator.comparing(LiveComponent::name));
        for (LiveComponent c : list) {
            LOG.infof("component loaded: %s (%s/%s)", c.name(), c.resource().type(), c.resource().version());
        }
        for (SkippedComponent c : loader.skipped()) {
            LOG.warnf("component skipped (ignoreErrors): %s (%s/%s), from %s: %s", c.resource().name(),
                    c.resource().type(), c.resource().version(), c.resource().source(), c.reason());
        }
    }
}
