package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.HTTPExtension;
import io.dapr.v1.CommonProtos.InvokeRequest;
import io.dapr.v1.CommonProtos.InvokeResponse;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.quapr.sidecar.invoke.InternalServer;
import io.quapr.sidecar.testing.invoke.InvokeResiliencyResource;
import io.quapr.sidecar.testing.invoke.PeerRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service invocation to {@code otherapp} (this sidecar again, through the internal gRPC server)
 * under its {@code apps.otherapp} policy: two retries, a 500ms timeout per attempt.
 */
@QuarkusTest
@WithTestResource(InvokeResiliencyResource.class)
class InvokeResiliencyTest {

    @Inject
    InternalServer internal;

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @BeforeEach
    void registerPeer() throws Exception {
        PeerRegistry.register("otherapp", "localhost:" + internal.port());
        PeerRegistry.register("plaindead", "127.0.0.1:1");
        PeerRegistry.register("guardeddead", "127.0.0.1:2"); // addresses are unique in the table
    }

    @Test
    void anUnreachableSidecarIsRetriedByTheBuiltInPolicyAsTheYamlOverridesIt() {
        long started = System.nanoTime();
        given().body("x").post("/v1.0/invoke/plaindead/method/x").then().statusCode(500)
                .body("errorCode", equalTo("ERR_DIRECT_INVOKE"))
                .body("message", startsWith("failed to invoke, id: plaindead, err: failed to invoke target plaindead"
                        + " after 4 retries. Error: rpc error: code = Unavailable desc = connection error: "));
        long millis = (System.nanoTime() - started) / 1_000_000;
        // four waits of 50ms, not daprd's default 3 x 1s
        assertTrue(millis >= 200 && millis < 2500, "took " + millis + " ms");
    }

    @Test
    void aTargetWithItsOwnPolicyGetsNoBuiltInRetries() {
        given().post("/v1.0/invoke/guardeddead/method/x").then().statusCode(500)
                .body("errorCode", equalTo("ERR_DIRECT_INVOKE"))
                .body("message", startsWith("failed to invoke, id: guardeddead, err: rpc error: code = Unavailable"))
                .body("message", not(containsString("retries")));
    }

    @Test
    void aMethodFailingTwiceSucceedsOnTheThirdAttemptWithItsBodyReplayed() {
        String method = "flaky-" + UUID.randomUUID();
        given().body("{\"n\":1}").contentType("application/json")
                .post("/v1.0/invoke/otherapp/method/" + method + "?fail=2").then().statusCode(200)
                .header("x-echo-attempt", "3").body(equalTo("{\"n\":1}"));
    }

    @Test
    void grpcInvokeServiceRunsUnderThePolicyToo() {
        String method = "flaky-grpc-" + UUID.randomUUID();
        InvokeResponse r = dapr.invokeService(InvokeServiceRequest.newBuilder().setId("otherapp")
                .setMessage(InvokeRequest.newBuilder().setMethod(method).setContentType("text/plain")
                        .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("again")))
                        .setHttpExtension(HTTPExtension.newBuilder().setVerb(HTTPExtension.Verb.POST)
                                .setQuerystring("fail=2")))
                .build());
        assertEquals("again", r.getData().getValue().toStringUtf8(), "the body was replayed on the third attempt");
        given().post("/v1.0/invoke/otherapp/method/" + method).then().statusCode(200).header("x-echo-attempt", "4");
    }

    @Test
    void whenRetriesRunOutTheAppsLastAnswerComesBack() {
        String method = "down-" + UUID.randomUUID();
        given().body("x").post("/v1.0/invoke/otherapp/method/" + method + "?fail=9").then().statusCode(503)
                .header("x-echo-attempt", "3").body(equalTo("x"));
    }

    @Test
    void theTimeoutCutsEachSlowAttempt() {
        long start = System.nanoTime();
        given().get("/v1.0/invoke/otherapp/method/slow-" + UUID.randomUUID() + "?delay=5000").then().statusCode(500)
                .body("errorCode", equalTo("ERR_DIRECT_INVOKE")).body("message", containsString("deadline exceeded"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // three attempts of 500ms, not one of 5s
        assertTrue(millis >= 1400 && millis < 4000, "took " + millis + "ms");
    }
}
