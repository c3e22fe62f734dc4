package io.quapr.sidecar.security;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprSecretProtos.GetBulkSecretRequest;
import io.dapr.v1.DaprSecretProtos.GetSecretRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code spec.secrets.scopes} over gRPC: {@code PERMISSION_DENIED} for a secret outside the scope. */
@QuarkusTest
@TestProfile(SecurityConfigProfile.class)
class SecretScopesGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void aSecretOutsideTheScopeIsPermissionDenied() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getSecret(
                GetSecretRequest.newBuilder().setStoreName("secretstore").setKey("api:token").build()));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals("access denied by policy to get \"api:token\" from \"secretstore\"",
                e.getStatus().getDescription());
        assertNull(errorInfo(e));
    }

    @Test
    void bulkHoldsOnlyTheAllowedSecrets() {
        assertEquals(Set.of("db-password"), dapr.getBulkSecret(
                GetBulkSecretRequest.newBuilder().setStoreName("secretstore").build()).getDataMap().keySet());
    }
}
