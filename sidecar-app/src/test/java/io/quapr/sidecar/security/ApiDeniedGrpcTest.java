package io.quapr.sidecar.security;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.rpc.ErrorInfo;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.api.denied} on gRPC: every RPC of a denied API ends {@code UNIMPLEMENTED} with
 * daprd's {@code ErrorInfo} ("Not Implemented", {@code http.code} 501); other RPCs work.
 */
@QuarkusTest
@TestProfile(SecurityConfigProfile.class)
class ApiDeniedGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void aDeniedRpcIsUnimplementedInDaprdsWords() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getState(
                GetStateRequest.newBuilder().setStoreName("statestore").setKey("k").build()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("Not Implemented", e.getStatus().getDescription());
        ErrorInfo info = errorInfo(e);
        assertEquals("Not Implemented", info.getReason());
        assertEquals("dapr.io", info.getDomain());
        assertEquals(Map.of("http.code", "501", "http.error_message", "requested endpoint is not available"),
                info.getMetadataMap());
        StatusRuntimeException save = assertThrows(StatusRuntimeException.class, () -> dapr.saveState(
                SaveStateRequest.newBuilder().setStoreName("statestore").build()));
        assertEquals(Status.Code.UNIMPLEMENTED, save.getStatus().getCode());
    }

    @Test
    void otherRpcsWork() {
        assertEquals("testapp", dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getId());
    }
}
