package io.quapr.sidecar.metadata;

import io.quapr.sidecar.pubsub.SubscriptionSpec;
import java.util.List;
import java.util.Map;

/**
 * What the metadata API reports: this sidecar, what it loaded and how it reaches its app. Each
 * transport renders it in daprd's shape for that transport (the gRPC {@code GetMetadataResponse},
 * the HTTP API's JSON).
 *
 * @param id the app id; empty when none is set
 * @param runtimeVersion the runtime version
 * @param components the loaded, ready components, by name
 * @param subscriptions the app's subscriptions, in registration order
 * @param extended the extended metadata attributes, in the order they are reported
 * @param appConnection how the sidecar reaches its app
 * @param workflows the workflow engine's state
 * @param actorRuntime the actor runtime's state
 */
public record SidecarMetadata(String id, String runtimeVersion, List<Component> components,
        List<SubscriptionSpec> subscriptions, Map<String, String> extended, AppConnection appConnection,
        Workflows workflows, ActorRuntime actorRuntime) {

    /**
     * The actor runtime's state, as daprd's {@code ActorRuntime} has it.
     *
     * @param status {@code DISABLED} (no actor state store), {@code INITIALIZING} (the app's
     *        actor types not known yet) or {@code RUNNING}
     * @param activeActors the active actors of each type the app hosts
     * @param hostReady whether this sidecar hosts the app's actors now
     * @param placement the placement's state; empty (one sidecar, no placement service)
     */
    public record ActorRuntime(String status, Map<String, Integer> activeActors, boolean hostReady,
            String placement) {
    }

    /**
     * The workflow engine's state, as daprd's {@code MetadataWorkflows} has it (daprd lists no
     * registered workflow or activity names: the SDK keeps those to itself).
     *
     * @param connectedWorkers the workers (SDK {@code GetWorkItems} streams) connected now
     */
    public record Workflows(int connectedWorkers) {
    }

    /**
     * A loaded component.
     *
     * @param name its name
     * @param type its type ({@code state.redis})
     * @param version its version ({@code v1})
     * @param capabilities what it supports, as daprd names the features
     */
    public record Component(String name, String type, String version, List<String> capabilities) {
    }

    /**
     * The app channel's settings.
     *
     * @param port the app's port; 0 when none is set
     * @param protocol the app protocol ({@code http}, {@code grpc}, ...)
     * @param channelAddress the app's host
     * @param maxConcurrency the most calls at once; 0 for no limit
     * @param health the app health check's settings; null when health checks are off
     */
    public record AppConnection(int port, String protocol, String channelAddress, int maxConcurrency,
            AppHealth health) {
    }

    /**
     * The app health check's settings, as daprd reports them.
     *
     * @param healthCheckPath the probed path; empty for a gRPC app, to which a path means nothing
     * @param probeInterval the interval between probes, as Go prints a duration
     * @param probeTimeout a probe's timeout, as Go prints a duration
     * @param threshold the failures in a row that make the app unhealthy
     */
    public record AppHealth(String healthCheckPath, String probeInterval, String probeTimeout, int threshold) {
    }
}
