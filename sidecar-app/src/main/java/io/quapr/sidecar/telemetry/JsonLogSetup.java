package io.quapr.sidecar.telemetry;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.Version;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogManager;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Puts {@link DaprJsonFormatter} on the console handler Quarkus built when {@code --log-as-json}
 * is given, before components load, so every line of the sidecar's own work is JSON.
 */
@ApplicationScoped
public class JsonLogSetup {

    @Inject
    SidecarConfig config;

    void install(@Observes @Priority(1) StartupEvent event) {
        if (config.logAsJson()) {
            install(new DaprJsonFormatter(config.appId().orElse(""), host(), Version.RUNTIME));
        }
    }

    /** Sets the formatter on every console handler under the root logger; returns how many. */
    static int install(DaprJsonFormatter formatter) {
        int n = 0;
        for (Handler h : LogManager.getLogManager().getLogger("").getHandlers()) {
            n += install(h, formatter);
        }
        return n;
    }

    private static int install(Handler h, DaprJsonFormatter formatter) {
        int n = 0;
        if (h instanceof ConsoleHandler) {
            h.setFormatter(formatter);
            n++;
        }
        if (h instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                n += install(child, formatter);
            }
        }
        return n;
    }

    private static String host() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
