package io.quapr.sidecar.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracing is on with a sampling rate above 0 and any one exporter (OTLP, Zipkin, stdout), as in
 * daprd; the OTLP properties are only set with an OTLP endpoint.
 */
class TracingSettingsTest {

    private static TracingSettings settings(String json) throws Exception {
        JsonNode node = new ObjectMapper().readTree(json);
        return TracingSettings.from(node);
    }

    @Test
    void zipkinAloneTurnsTracingOnWithoutOtlp() throws Exception {
        TracingSettings s = settings("""
                {"samplingRate": "1", "zipkin": {"endpointAddress": "http://localhost:9411/api/v2/spans"}}""");
        assertTrue(s.enabled());
        assertEquals("http://localhost:9411/api/v2/spans", s.zipkinEndpoint());
        Map<String, String> p = TracingProperties.of(s);
        assertEquals("false", p.get("quarkus.otel.sdk.disabled"));
        assertEquals("1.0", p.get("quarkus.otel.traces.sampler.arg"));
        assertFalse(p.containsKey("quarkus.otel.exporter.otlp.traces.endpoint"), p.toString());
    }

    @Test
    void stdoutAloneTurnsTracingOn() throws Exception {
        TracingSettings s = settings("""
                {"samplingRate": "0.5", "stdout": true}""");
        assertTrue(s.enabled());
        assertTrue(s.stdout());
        assertEquals("false", TracingProperties.of(s).get("quarkus.otel.sdk.disabled"));
    }

    @Test
    void noExporterOrNoSamplingMeansNoTracing() throws Exception {
        assertFalse(settings("""
                {"samplingRate": "1"}""").enabled());
        TracingSettings zero = settings("""
                {"samplingRate": "0", "stdout": true, "zipkin": {"endpointAddress": "http://z:9411/api/v2/spans"}}""");
        assertFalse(zero.enabled());
        assertEquals(Map.of("quarkus.otel.sdk.disabled", "true"), TracingProperties.of(zero));
    }

    @Test
    void allThreeTogether() throws Exception {
        TracingSettings s = settings("""
                {"samplingRate": "1", "stdout": true, "zipkin": {"endpointAddress": "http://z:9411/api/v2/spans"},
                 "otel": {"endpointAddress": "collector:4318", "protocol": "http", "isSecure": false}}""");
        assertTrue(s.enabled());
        Map<String, String> p = TracingProperties.of(s);
        assertEquals("http://collector:4318", p.get("quarkus.otel.exporter.otlp.traces.endpoint"));
        assertEquals("http/protobuf", p.get("quarkus.otel.exporter.otlp.traces.protocol"));
    }
}
