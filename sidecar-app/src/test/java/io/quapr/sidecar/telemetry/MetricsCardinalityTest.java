package io.quapr.sidecar.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory stays bounded: 100,000 requests over 10,000 distinct URL paths add no series beyond the
 * few (method, status) combinations; even a label fed unbounded values stops at the cap.
 */
@QuarkusTest
class MetricsCardinalityTest {

    @Inject
    DaprMetrics metrics;

    @Inject
    MetricsServer server;

    @Test
    void tenThousandPathsDoNotGrowTheRegistry() {
        // a real HTTP sample first: distinct keys, one series
        for (int i = 0; i < 200; i++) {
            given().get("/v1.0/state/statestore/card-" + i).then().statusCode(204);
        }
        int before = metrics.seriesCount();
        for (int i = 0; i < 100_000; i++) {
            String path = "/v1.0/state/statestore/key-" + (i % 10_000);
            metrics.httpServer(i % 2 == 0 ? "GET" : "POST", path, 200, 10, 20, 0.5);
        }
        int after = metrics.seriesCount();
        // at most the GET/200 and POST/200 series (request count and latency each) are new
        assertTrue(after - before <= 4, "series grew from " + before + " to " + after);
        Scrape s = Scrape.of(server.port());
        List<String> get200 = s.series("dapr_http_server_request_count").stream()
                .filter(l -> l.contains("method=\"GET\"") && l.contains("status=\"200\"")).toList();
        assertEquals(1, get200.size(), get200.toString());
    }

    @Test
    void aLabelFedUnboundedValuesStopsAtTheCap() {
        MetricFamily family = MetricFamily.counter("test_total", "test", 100, "path");
        for (int i = 0; i < 10_000; i++) {
            family.inc("/p/" + i);
        }
        assertEquals(101, family.seriesCount(), "100 series plus the overflow series");
        StringBuilder out = new StringBuilder();
        family.render(out);
        assertTrue(out.toString().contains("test_total{path=\"_other_\"} 9900"));
    }
}
