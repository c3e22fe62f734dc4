package io.quapr.sidecar.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.invoke.InternalServer;
import io.quapr.sidecar.invoke.NameResolution;
import io.quapr.sidecar.testing.kubernetes.DaprApiServer;
import io.quapr.sidecar.testing.kubernetes.KubernetesModeProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Name resolution in Kubernetes mode: {@code nameresolution.kubernetes} by default, as daprd, with
 * its configuration from the {@code --config} Configuration read from the API server
 * ({@code clusterDomain: cluster.test}).
 */
@QuarkusTest
@TestProfile(KubernetesModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = DaprApiServer.class)
class KubernetesNameResolutionTest {

    @Inject
    NameResolution names;

    @Inject
    InternalServer internal;

    @Test
    void anAppIdResolvesToItsSidecarService() throws Exception {
        assertEquals("nameresolution.kubernetes", names.type());
        String address = names.resolve("orders", "payments").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals("orders-dapr.payments.svc.cluster.test:" + internal.port(), address);
    }
}
