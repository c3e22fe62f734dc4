package io.quapr.sidecar.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * After real API calls, {@code GET /metrics} on the metrics port lists daprd's metric names with
 * daprd's labels and sane values; no raw URL reaches a label by default.
 */
@QuarkusTest
class MetricsHttpTest {

    @Inject
    MetricsServer server;

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void httpAndComponentCallsAreCountedWithDaprsNamesAndLabels() {
        Scrape before = Scrape.of(server.port());
        double gets = countOrZero(before, "dapr_component_state_count", "operation=\"get\"", "success=\"true\"");
        String key = "m-" + UUID.randomUUID();
        given().contentType("application/json").body("[{\"key\":\"" + key + "\",\"value\":1}]")
                .post("/v1.0/state/statestore").then().statusCode(204);
        for (int i = 0; i < 3; i++) {
            given().get("/v1.0/state/statestore/" + key).then().statusCode(200);
        }
        given().get("/v1.0/state/nosuchstore/" + key).then().statusCode(400);

        Scrape s = Scrape.of(server.port());
        assertEquals(200, s.status());
        assertTrue(s.contentType().startsWith("text/plain; version=0.0.4"), s.contentType());
        assertTrue(s.text().contains("# TYPE dapr_http_server_request_count counter"));
        assertTrue(s.value("dapr_http_server_request_count", "app_id=\"testapp\"", "method=\"GET\"", "path=\"\"",
                "status=\"200\"") >= 3);
        assertTrue(s.value("dapr_http_server_request_count", "method=\"GET\"", "status=\"400\"") >= 1);
        assertTrue(s.value("dapr_http_server_latency_count", "method=\"GET\"", "status=\"200\"") >= 3);
        // daprd's buckets in milliseconds, cumulative, ending with +Inf
        assertTrue(s.text().contains(
                "dapr_http_server_latency_bucket{app_id=\"testapp\",method=\"GET\",path=\"\",status=\"200\",le=\"1\"}"));
        assertTrue(s.text().contains("le=\"100000\"}"));
        assertEquals(s.value("dapr_http_server_latency_bucket", "method=\"GET\"", "status=\"200\"", "le=\"+Inf\""),
                s.value("dapr_http_server_latency_count", "method=\"GET\"", "status=\"200\""));
        assertEquals(gets + 3, s.value("dapr_component_state_count", "app_id=\"testapp\"", "component=\"statestore\"",
                "namespace=\"\"", "operation=\"get\"", "success=\"true\""));
        assertTrue(s.value("dapr_component_state_latencies_count", "operation=\"get\"", "success=\"true\"") >= 3);
        assertTrue(s.value("dapr_component_state_count", "operation=\"set\"", "success=\"true\"") >= 1);
        assertFalse(s.text().contains(key), "no state key reaches a label");
        // recordErrorCodes is off by default, as in daprd
        assertFalse(s.text().contains("dapr_error_code_total{"));
    }

    @Test
    void grpcCallsAreCountedByFullMethodAndGoStatusName() {
        String key = "g-" + UUID.randomUUID();
        dapr.getState(DaprStateProtos.GetStateRequest.newBuilder().setStoreName("statestore").setKey(key).build());
        try {
            dapr.getState(DaprStateProtos.GetStateRequest.newBuilder().setStoreName("nosuchstore").setKey(key).build());
        } catch (StatusRuntimeException expected) {
            // INVALID_ARGUMENT
        }
        Scrape s = Scrape.of(server.port());
        assertTrue(s.value("dapr_grpc_io_server_completed_rpcs", "app_id=\"testapp\"",
                "grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\"", "grpc_server_status=\"OK\"") >= 1);
        assertTrue(s.value("dapr_grpc_io_server_completed_rpcs",
                "grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\"",
                "grpc_server_status=\"InvalidArgument\"") >= 1);
        assertTrue(s.value("dapr_grpc_io_server_server_latency_count",
                "grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\"", "grpc_server_status=\"OK\"") >= 1);
    }

    @Test
    void publishIsCountedAsEgress() {
        given().contentType("application/json").body("{\"n\":1}").post("/v1.0/publish/pubsub/egress-topic").then()
                .statusCode(204);
        given().contentType("application/json").body("{\"n\":1}").post("/v1.0/publish/pubsub/broken").then()
                .statusCode(500);
        Scrape s = Scrape.of(server.port());
        assertEquals(1, s.value("dapr_component_pubsub_egress_count", "component=\"pubsub\"", "success=\"true\"",
                "topic=\"egress-topic\""));
        assertTrue(s.value("dapr_component_pubsub_egress_count", "component=\"pubsub\"", "success=\"false\"",
                "topic=\"broken\"") >= 1);
    }

    @Test
    void onlyTheMetricsPathIsServed() throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + server.port() + "/other")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(404, r.statusCode());
    }

    static double countOrZero(Scrape s, String name, String... labels) {
        try {
            return s.value(name, labels);
        } catch (AssertionError e) {
            return 0;
        }
    }
}
