package io.quapr.sidecar.kubernetes.injector;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.Logger;

/**
 * {@code quaprd injector}: the same binary run as the sidecar injector webhook. It starts its own
 * Vert.x and the {@link InjectorServer} and never starts the Quarkus application, so none of the
 * sidecar's beans run: no API ports, no components loaded, no metrics server, nothing read from
 * daprd's flags. Unless {@code quapr.injector.app-services} is {@code false}, it also keeps the
 * apps' {@code <app-id>-dapr} Services ({@link DaprServiceController}), with the pod's service
 * account.
 */
public final class InjectorMode {

    /** The first argument that selects this mode. */
    public static final String COMMAND = "injector";

    private static final Logger LOG = Logger.getLogger(InjectorMode.class.getName());

    private InjectorMode() {
    }

    /**
     * Quarkus sets up logging only when its application starts, which this mode never does: its
     * start-up handler only holds records back until then, so add one that writes to the console.
     */
    private static void logToConsole() {
        Logger.getLogger("").addHandler(new ConsoleHandler());
    }

    /**
     * Runs the webhook until the process is stopped.
     *
     * @param args what follows {@code injector} on the command line: nothing (settings are
     *        {@code quapr.injector.*} properties or {@code QUAPR_INJECTOR_*} variables)
     * @return the exit code when it could not start
     */
    public static int run(String... args) {
        if (args.length > 0) {
            System.err.println("quaprd injector: takes no arguments (got " + String.join(" ", args)
                    + "); set quapr.injector.* system properties or QUAPR_INJECTOR_* variables");
            return 1;
        }
        logToConsole();
        InjectorConfig config;
        try {
            config = InjectorConfig.fromSystem();
        } catch (IllegalArgumentException e) {
            System.err.println("quaprd injector: " + e.getMessage());
            return 1;
        }
        Vertx vertx = Vertx.vertx();
        InjectorServer server = new InjectorServer(vertx, config, new SidecarInjector(config));
        int port;
        try {
            port = server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("quaprd injector: cannot start: " + cause.getMessage());
            vertx.close();
            return 1;
        }
        LOG.info(() -> String.format(
                "sidecar injector listening on HTTPS port %d (POST /mutate, GET /healthz); sidecar image %s, %s",
                port, config.sidecarImage(), config.nativeSidecars() ? "native sidecars" : "regular containers"));
        DaprServiceController services = config.appServices() ? startServices(vertx, config) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // blocking waits from this plain thread: nothing is completed on an event loop being shut down
            try {
                if (services != null) {
                    services.stop();
                }
                server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("quaprd injector: stopping: " + e);
            }
        }, "injector-shutdown"));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Starts the Services controller. The webhook does not depend on it: when the API server cannot
     * be listed (no token, no permission) the failure is logged and the webhook keeps answering.
     */
    private static DaprServiceController startServices(Vertx vertx, InjectorConfig config) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.autoConfigure(null))
                .withHttpClientFactory(new VertxHttpClientFactory(vertx)).build();
        DaprServiceController services = new DaprServiceController(client, config.mtls(), config.appServicesResync());
        services.start().whenComplete((v, e) -> {
            if (e == null) {
                LOG.info(
                        "keeping the <app-id>-dapr Services of Deployments and StatefulSets annotated dapr.io/enabled");
            } else {
                LOG.severe("cannot watch Deployments and StatefulSets, no <app-id>-dapr Service will be kept"
                        + " (does the injector's service account have its ClusterRole?): " + e.getMessage());
            }
        });
        return services;
    }
}
