package io.quapr.sidecar.api.grpc;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprSecretProtos.GetBulkSecretRequest;
import io.dapr.v1.DaprSecretProtos.GetBulkSecretResponse;
import io.dapr.v1.DaprSecretProtos.GetSecretRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The secrets API over gRPC, against a {@code secretstores.local.file} store. */
@QuarkusTest
class SecretsGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void oneSecretIsItsKeyValuePairs() {
        Map<String, String> data = dapr.getSecret(
                GetSecretRequest.newBuilder().setStoreName("secretstore").setKey("db-password").build()).getDataMap();

        assertEquals(Map.of("db-password", "s3cret"), data);
    }

    @Test
    void nestedSecretIsNamedByItsFlattenedPath() {
        Map<String, String> data = dapr.getSecret(
                GetSecretRequest.newBuilder().setStoreName("secretstore").setKey("api:token").build()).getDataMap();

        assertEquals(Map.of("api:token", "t0ken"), data);
    }

    @Test
    void bulkIsEverySecretByName() {
        GetBulkSecretResponse bulk = dapr.getBulkSecret(
                GetBulkSecretRequest.newBuilder().setStoreName("secretstore").build());

        assertEquals(Map.of("db-password", "s3cret"), bulk.getDataMap().get("db-password").getSecretsMap());
        assertEquals(Map.of("api:token", "t0ken"), bulk.getDataMap().get("api:token").getSecretsMap());
        assertEquals(2, bulk.getDataCount());
    }

    @Test
    void unknownStoreIsInvalidArgumentWithoutDetails() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getSecret(
                GetSecretRequest.newBuilder().setStoreName("nope").setKey("db-password").build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("failed finding secret store with key nope", e.getStatus().getDescription());
        assertNull(errorInfo(e), "daprd sends the secrets API's errors without ErrorInfo");
    }

    @Test
    void missingSecretIsInternal() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getSecret(
                GetSecretRequest.newBuilder().setStoreName("secretstore").setKey("no-such-secret").build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith(
                "failed getting secret with key no-such-secret from secret store secretstore: "),
                e.getStatus().getDescription());
    }
}
