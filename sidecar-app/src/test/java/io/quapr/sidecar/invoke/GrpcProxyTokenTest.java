package io.quapr.sidecar.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proxied calls and the tokens: {@code DAPR_API_TOKEN} is required as on any API call and never
 * reaches the app; {@code APP_API_TOKEN} is what the app sees instead, on both paths.
 */
@QuarkusTest
@TestProfile(GrpcProxyTokenTest.Tokens.class)
@WithTestResource(ProxyTestAppResource.class)
class GrpcProxyTokenTest {

    private static final String API_TOKEN = "api-t0k3n";
    private static final String APP_TOKEN = "app-t0k3n";
    private static final Metadata.Key<String> TOKEN = Metadata.Key.of("dapr-api-token",
            Metadata.ASCII_STRING_MARSHALLER);

    /** Both tokens set (through their config keys: a test cannot set environment variables). */
    public static class Tokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quapr.api-token", API_TOKEN, "quapr.app-api-token", APP_TOKEN);
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

    private Channel to(String appId, String token) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER), appId);
        if (token != null) {
            md.put(TOKEN, token);
        }
        return ClientInterceptors.intercept(dapr, MetadataUtils.newAttachHeadersInterceptor(md));
    }

    @Test
    void withoutTheApiTokenTheCallIsUnauthenticated() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls
                .blockingUnaryCall(to("testapp", null), ProxyTestApp.ECHO, CallOptions.DEFAULT, new byte[] { 1 }));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> ClientCalls
                .blockingUnaryCall(to("otherapp", "wrong"), ProxyTestApp.ECHO, CallOptions.DEFAULT, new byte[] { 1 }));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    }

    @Test
    void theAppSeesItsOwnTokenNotTheCallers() {
        for (String app : List.of("testapp", "otherapp")) {
            assertArrayEquals(new byte[] { 4, 2 }, ClientCalls.blockingUnaryCall(to(app, API_TOKEN), ProxyTestApp.ECHO,
                    CallOptions.DEFAULT, new byte[] { 4, 2 }));
            Iterable<String> seen = ProxyTestApp.lastHeaders().getAll(TOKEN);
            assertEquals(List.of(APP_TOKEN), seen == null ? List.of() : toList(seen), app);
        }
    }

    private static List<String> toList(Iterable<String> values) {
        List<String> out = new ArrayList<>();
        values.forEach(out::add);
        return out;
    }
}
