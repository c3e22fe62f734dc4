package io.quapr.sidecar.workflow;

import io.grpc.ServerServiceDefinition;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import io.quapr.sidecar.telemetry.WorkflowMetrics;
import io.quapr.spi.state.TransactionalStateStore;
import io.quapr.workflow.Configuration;
import io.quapr.workflow.WorkflowEngine;
import io.quapr.workflow.backend.InMemoryBackend;
import io.quapr.workflow.backend.StateStoreBackend;
import io.quapr.workflow.backend.WorkflowBackend;
import io.quapr.workflow.grpc.TaskHubGrpcService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The sidecar's one workflow engine: created once the components are up, on the backend daprd
 * would pick (the state store marked {@code actorStateStore: "true"}, else memory), configured
 * from the Configuration's {@code spec.workflow}, reporting daprd's workflow metrics, and shut
 * down before the components close.
 */
@ApplicationScoped
public class WorkflowRuntime {

    private static final Logger LOG = Logger.getLogger(WorkflowRuntime.class);

    @Inject
    Components components;

    @Inject
    SidecarConfig config;

    @Inject
    DaprConfiguration configuration;

    @Inject
    WorkflowMetrics metrics;

    /**
     * How long a crashed sidecar's successor on the same store waits before taking its workflows
     * over (a sidecar that stops gracefully hands over at once). The lease is renewed every third
     * of it: one small write every few seconds.
     */
    static final Duration OWNER_LEASE = Duration.ofSeconds(10);

    private volatile WorkflowEngine engine;
    private volatile ServerServiceDefinition grpc;
    private volatile String backendName = "";

    /**
     * Creates and starts the engine once the components are up ({@code ComponentLoader}, 2000):
     * its backend is one of them. A wrong {@code spec.workflow} or actor state store stops
     * start-up. Until here, workflow calls on gRPC answer UNAVAILABLE ({@link TaskHubService}).
     */
    void onStart(@Observes @Priority(2100) StartupEvent event) {
        Configuration settings = WorkflowSettings.from(configuration.section("workflow"),
                configuration.source() + ": Configuration '" + configuration.name() + "'")
                .withResultBatchWindow(config.workflow().resultBatchWindow());
        WorkflowBackend backend = backend();
        WorkflowEngine e = new WorkflowEngine(backend, settings, Clock.systemUTC(), metrics);
        // asynchronous: a state-store backend may first wait out a crashed predecessor's lease;
        // work items simply flow once it owns the store
        e.start().whenComplete((v, error) -> {
            if (error != null) {
                LOG.errorf(error, "the workflow engine did not start on %s", backendName);
            }
        });
        grpc = new TaskHubGrpcService(e).bindService();
        engine = e;
    }

    private WorkflowBackend backend() {
        Optional<LiveComponent> store = actorStateStore(components.ofBlock("state"));
        if (store.isEmpty()) {
            backendName = "memory";
            LOG.warn("no state store has actorStateStore: \"true\": workflows are kept in memory and are lost when"
                    + " the sidecar stops (not durable)");
            return new InMemoryBackend();
        }
        LiveComponent c = store.get();
        backendName = "state store '" + c.name() + "' (" + c.resource().type() + ")";
        LOG.infof("workflows are kept in %s", backendName);
        return new StateStoreBackend((TransactionalStateStore) c.instance(), config.appId().orElse(""), OWNER_LEASE);
    }

    /**
     * The state store daprd would keep actor (and so workflow) state in: the one whose metadata
     * says {@code actorStateStore: "true"}.
     *
     * @param stateStores the loaded state stores
     * @return the store, empty when none is marked
     * @throws StartupException when several are marked, or the marked one has no transactions
     */
    public static Optional<LiveComponent> actorStateStore(List<LiveComponent> stateStores) {
        List<LiveComponent> marked = stateStores.stream().filter(c -> c.metadata().bool("actorStateStore", false))
                .toList();
        if (marked.size() > 1) {
            // daprd refuses this too: the actors' (and so the workflows') state has one home
            throw new StartupException(List.of("more than one state store has actorStateStore set ("
                    + String.join(", ", marked.stream().map(LiveComponent::name).sorted().toList())
                    + "): at most one may hold the workflows' state"));
        }
        if (marked.isEmpty()) {
            return Optional.empty();
        }
        LiveComponent store = marked.get(0);
        if (!(store.instance() instanceof TransactionalStateStore)) {
            throw new StartupException(List.of(store.resource().source() + ": " + store.name() + " ("
                    + store.resource().type() + "): actorStateStore is set, but the store does not support"
                    + " transactions, which the workflow engine needs"));
        }
        return Optional.of(store);
    }

    /**
     * Stops the engine before the components close (their default priority, 2500), so its last
     * writes and the hand-over of the store still reach it.
     */
    void onStop(@Observes @Priority(1500) ShutdownEvent event) {
        WorkflowEngine e = engine;
        if (e == null) {
            return;
        }
        try {
            e.shutdown().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            LOG.warnf("the workflow engine did not stop cleanly: %s", ex.toString());
        }
    }

    /**
     * The engine.
     *
     * @throws IllegalStateException before start-up has created it
     */
    public WorkflowEngine engine() {
        WorkflowEngine e = engine;
        if (e == null) {
            throw new IllegalStateException("the workflow engine is not started yet");
        }
        return e;
    }

    /**
     * How many workers (SDK {@code GetWorkItems} streams) are connected now, for the metadata
     * API; 0 before start-up has created the engine, when none can be.
     */
    public int connectedWorkers() {
        WorkflowEngine e = engine;
        return e == null ? 0 : e.connectedWorkers();
    }

    /** {@code TaskHubSidecarService} bound to the engine; null before start-up has created it. */
    ServerServiceDefinition grpcDefinition() {
        return grpc;
    }

    /** Where the workflows are kept ({@code memory}, or the state store), for logs and reports. */
    public String backendName() {
        return backendName;
    }
}
