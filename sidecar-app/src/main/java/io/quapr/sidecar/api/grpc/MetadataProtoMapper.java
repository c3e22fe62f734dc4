package io.quapr.sidecar.api.grpc;

import io.dapr.v1.DaprMetadataProtos.ActiveActorsCount;
import io.dapr.v1.DaprMetadataProtos.ActorRuntime;
import io.dapr.v1.DaprMetadataProtos.AppConnectionHealthProperties;
import io.dapr.v1.DaprMetadataProtos.AppConnectionProperties;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.MetadataWorkflows;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscription;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRule;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRules;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionType;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.quapr.sidecar.metadata.SidecarMetadata;
import io.quapr.sidecar.pubsub.SubscriptionSpec;

/**
 * The metadata API's answer as daprd's {@code GetMetadataResponse}. Fields daprd leaves unset
 * (no port, no concurrency limit, no health check) stay unset here too.
 */
final class MetadataProtoMapper {

    private MetadataProtoMapper() {
    }

    static GetMetadataResponse response(SidecarMetadata m) {
        GetMetadataResponse.Builder b = GetMetadataResponse.newBuilder().setId(m.id())
                .setRuntimeVersion(m.runtimeVersion()).putAllExtendedMetadata(m.extended());
        for (SidecarMetadata.Component c : m.components()) {
            b.addRegisteredComponents(RegisteredComponents.newBuilder().setName(c.name()).setType(c.type())
                    .setVersion(c.version()).addAllCapabilities(c.capabilities()));
        }
        for (SubscriptionSpec s : m.subscriptions()) {
            b.addSubscriptions(subscription(s));
        }
        SidecarMetadata.AppConnection a = m.appConnection();
        AppConnectionProperties.Builder app = AppConnectionProperties.newBuilder().setProtocol(a.protocol())
                .setChannelAddress(a.channelAddress());
        if (a.port() != 0) {
            app.setPort(a.port());
        }
        if (a.maxConcurrency() != 0) {
            app.setMaxConcurrency(a.maxConcurrency());
        }
        SidecarMetadata.AppHealth h = a.health();
        if (h != null) {
            AppConnectionHealthProperties.Builder hp = AppConnectionHealthProperties.newBuilder()
                    .setHealthProbeInterval(h.probeInterval()).setHealthProbeTimeout(h.probeTimeout())
                    .setHealthThreshold(h.threshold());
            if (!h.healthCheckPath().isEmpty()) {
                hp.setHealthCheckPath(h.healthCheckPath());
            }
            app.setHealth(hp);
        }
        SidecarMetadata.ActorRuntime actors = m.actorRuntime();
        ActorRuntime.Builder runtime = ActorRuntime.newBuilder().setRuntimeStatus(ActorRuntime.ActorRuntimeStatus
                .valueOf(actors.status())).setHostReady(actors.hostReady()).setPlacement(actors.placement());
        actors.activeActors().forEach((t, n) -> {
            ActiveActorsCount count = ActiveActorsCount.newBuilder().setType(t).setCount(n).build();
            runtime.addActiveActors(count);
            // daprd's deprecated alias
            b.addActiveActorsCount(count);
        });
        b.setActorRuntime(runtime);
        // daprd always sets it: its workflow engine always exists
        b.setWorkflows(MetadataWorkflows.newBuilder().setConnectedWorkers(m.workflows().connectedWorkers()));
        return b.setAppConnectionProperties(app).build();
    }

    private static PubsubSubscription subscription(SubscriptionSpec s) {
        PubsubSubscriptionRules.Builder rules = PubsubSubscriptionRules.newBuilder();
        for (SubscriptionSpec.Rule r : s.rules()) {
            rules.addRules(PubsubSubscriptionRule.newBuilder().setMatch(r.match()).setPath(r.path()));
        }
        return PubsubSubscription.newBuilder().setPubsubName(s.pubsub()).setTopic(s.topic())
                .putAllMetadata(s.metadata()).setRules(rules).setDeadLetterTopic(s.deadLetterTopic())
                .setType(PubsubSubscriptionType.valueOf(s.type().name())).build();
    }
}
