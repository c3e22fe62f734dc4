package io.quapr.components.nameresolution.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.nameresolution.ResolveRequest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubernetesNameResolverTest {

    private static String resolve(Map<String, String> raw, ResolveRequest r) {
        KubernetesNameResolver k = new KubernetesNameResolver();
        k.init(ComponentMetadata.bind("nr", raw, MetadataSchema.of(KubernetesNameResolver.class), Set.of())
                .metadata(), null).await().indefinitely();
        return k.resolve(r).await().indefinitely();
    }

    @Test
    void daprdsServiceName() {
        assertEquals("orders-dapr.shop.svc.cluster.local:50002",
                resolve(Map.of(), new ResolveRequest("orders", "shop", 50002)));
        assertEquals("orders-dapr.shop.svc.corp.example:7000",
                resolve(Map.of("clusterDomain", "corp.example"), new ResolveRequest("orders", "shop", 7000)));
    }

    @Test
    void template() {
        assertEquals("orders.shop.internal:50002",
                resolve(Map.of("template", "{{.ID}}.{{.Namespace}}.internal:{{.Port}}"),
                        new ResolveRequest("orders", "shop", 50002)));
    }
}
