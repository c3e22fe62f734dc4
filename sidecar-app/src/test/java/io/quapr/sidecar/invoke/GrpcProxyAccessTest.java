package io.quapr.sidecar.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.quapr.sidecar.testing.grpcproxy.ProxyTestApp;
import io.quapr.sidecar.testing.grpcproxy.ProxyTestAppResource;
import io.quapr.sidecar.testing.invoke.PeerRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proxied calls under the security Configuration ({@code config/security.yaml}): its access
 * control ({@code defaultAction: deny}) refuses them, to the own app and at the callee sidecar
 * (no certificate, so the global default applies); its API deny list (the state API) does not
 * touch them, as daprd applies API lists to {@code dapr.proto.runtime.*} only.
 */
@QuarkusTest
@TestProfile(GrpcProxyAccessTest.DenyAll.class)
@WithTestResource(ProxyTestAppResource.class)
class GrpcProxyAccessTest {

    /** The security Configuration, and no API token. */
    public static class DenyAll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quapr.config-file", "src/test/resources/config/security.yaml");
        }
    }

    @GrpcClient("dapr")
    Channel dapr;

    @Inject
    InternalServer internal;

    @BeforeEach
    void registerPeers() throws Exception {
        PeerRegistry.register("otherapp", "localhost:" + internal.port());
    }

    private Channel to(String appId) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER), appId);
        return ClientInterceptors.intercept(dapr, MetadataUtils.newAttachHeadersInterceptor(md));
    }

    @Test
    void theAccessPolicyRefusesProxiedCalls() {
        for (String app : List.of("testapp", "otherapp")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls
                    .blockingUnaryCall(to(app), ProxyTestApp.ECHO, CallOptions.DEFAULT, new byte[] { 1 }));
            assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), app);
            assertEquals("access control policy has denied access to id:  operation: /quapr.test.Echo/Echo verb: NONE",
                    e.getStatus().getDescription(), app);
        }
    }

    @Test
    void aDeniedDaprApiStillLeavesProxyingAlone() {
        // the state API is denied on gRPC here, yet a proxied method with "State" in its name is no Dapr API call
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                to("testapp"), ProxyTestApp.ECHO.toBuilder().setFullMethodName("quapr.test.Echo/GetState").build(),
                CallOptions.DEFAULT, new byte[] { 1 }));
        // refused by the access policy, not by the API list (which answers UNIMPLEMENTED)
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    }
}
