package io.quapr.sidecar.security;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.rpc.ErrorInfo;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code DAPR_API_TOKEN} set, every gRPC call needs {@code dapr-api-token} metadata:
 * {@code UNAUTHENTICATED} with daprd's {@code ErrorInfo} otherwise. The API lists are applied
 * first, as in daprd's interceptor chain.
 */
@QuarkusTest
@TestProfile(ApiTokenProfile.class)
class ApiTokenGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    private DaprGrpc.DaprBlockingStub withToken(String token) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("dapr-api-token", Metadata.ASCII_STRING_MARSHALLER), token);
        return dapr.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    @Test
    void aCallWithoutTheTokenIsUnauthenticated() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.getMetadata(GetMetadataRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertEquals("Unauthorized", e.getStatus().getDescription());
        ErrorInfo info = errorInfo(e);
        assertEquals("Unauthorized", info.getReason());
        assertEquals("dapr.io", info.getDomain());
        assertEquals(Map.of("http.code", "401", "http.error_message", "missing api token in request metadata"),
                info.getMetadataMap());
    }

    @Test
    void aWrongTokenIsAMismatch() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> withToken("nope").getMetadata(GetMetadataRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertEquals("authentication error: api token mismatch",
                errorInfo(e).getMetadataMap().get("http.error_message"));
    }

    @Test
    void theRightTokenPasses() {
        assertEquals("testapp",
                withToken(ApiTokenProfile.TOKEN).getMetadata(GetMetadataRequest.getDefaultInstance()).getId());
    }

    @Test
    void aDeniedApiAnswersUnimplementedBeforeTheTokenIsChecked() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getState(
                GetStateRequest.newBuilder().setStoreName("statestore").setKey("k").build()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    }
}
