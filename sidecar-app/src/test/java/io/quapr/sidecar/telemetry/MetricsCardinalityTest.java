package io.quapr.sidecar.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One client publishing to thousands of topic names cannot blow up a scrape: labels that callers
 * choose fold into {@code _other_} early, and {@code /metrics} stays under 1 MB.
 */
@QuarkusTest
@TestProfile(MetricsCardinalityTest.OwnApp.class)
class MetricsCardinalityTest {

    /** An app of its own: the topics it fills the cap with must not crowd other tests' series out. */
    public static class OwnApp implements QuarkusTestProfile {
    }

    private static final int TOPICS = 5_000;

    @Inject
    MetricsServer server;

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void fiveThousandTopicsKeepTheScrapeUnderOneMegabyte() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < TOPICS; i++) {
            dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub").setTopic("t-" + run + "-" + i)
                    .setData(ByteString.copyFromUtf8("{}")).setDataContentType("application/json").build());
        }
        Scrape s = Scrape.of(server.port());
        assertEquals(200, s.status());
        int size = s.text().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size < 1_000_000, "a scrape of " + size + " bytes");
        assertTrue(s.value("dapr_component_pubsub_egress_count", "topic=\"" + MetricFamily.OVERFLOW + "\"") > 0,
                "later topics are counted under _other_");
        long named = s.text().lines().filter(l -> l.startsWith("dapr_component_pubsub_egress_count{")
                && l.contains("topic=\"t-" + run)).count();
        assertTrue(named <= DaprMetrics.MAX_INPUT_SERIES, named + " topic series");
    }
}
