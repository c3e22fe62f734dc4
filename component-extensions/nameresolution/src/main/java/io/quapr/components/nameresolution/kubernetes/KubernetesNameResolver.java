package io.quapr.components.nameresolution.kubernetes;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.nameresolution.NameResolver;
import io.quapr.spi.nameresolution.ResolveRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;

/**
 * {@code nameresolution.kubernetes}: the target's sidecar is the {@code <app-id>-dapr} service
 * of its namespace, {@code <app-id>-dapr.<namespace>.svc.<clusterDomain>:<port>}, with the
 * caller's own internal gRPC port, as daprd computes it. DNS itself resolves the name when the
 * connection opens. A {@code template} replaces the computed name; it may use {@code {{.ID}}},
 * {@code {{.Namespace}}} and {@code {{.Port}}} (the fields of daprd's Go template).
 */
@Dependent
@ComponentType("nameresolution.kubernetes")
public class KubernetesNameResolver implements NameResolver {

    private String clusterDomain;
    private String template;

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        clusterDomain = metadata.string("clusterDomain", "cluster.local");
        template = metadata.string("template", "");
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<String> resolve(ResolveRequest request) {
        return Uni.createFrom().item(() -> address(request));
    }

    String address(ResolveRequest r) {
        if (!template.isEmpty()) {
            return template.replace("{{.ID}}", r.appId()).replace("{{.Namespace}}", r.namespace())
                    .replace("{{.Port}}", Integer.toString(r.port()));
        }
        return r.appId() + "-dapr." + r.namespace() + ".svc." + clusterDomain + ":" + r.port();
    }
}
