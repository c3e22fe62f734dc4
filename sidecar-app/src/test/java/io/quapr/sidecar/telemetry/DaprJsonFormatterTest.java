package io.quapr.sidecar.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

/** {@code --log-as-json}: one JSON object per line with daprd's field names and level names. */
class DaprJsonFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DaprJsonFormatter formatter = new DaprJsonFormatter("myapp", "host-1", "1.17.0-quapr");

    @Test
    void aLineHasDaprsFields() throws Exception {
        ExtLogRecord r = new ExtLogRecord(Level.WARN, "component %s failed", ExtLogRecord.FormatStyle.PRINTF,
                DaprJsonFormatterTest.class.getName());
        r.setParameters(new Object[] { "orders" });
        r.setLoggerName("io.quapr.sidecar.components.ComponentLoader");
        String line = formatter.format(r);
        assertTrue(line.endsWith("\n"));
        assertEquals(1, line.lines().count(), "one line per record");
        JsonNode json = JSON.readTree(line);
        assertEquals("myapp", json.get("app_id").asText());
        assertEquals("host-1", json.get("instance").asText());
        assertEquals("warning", json.get("level").asText());
        assertEquals("component orders failed", json.get("msg").asText());
        assertEquals("io.quapr.sidecar.components.ComponentLoader", json.get("scope").asText());
        assertEquals("log", json.get("type").asText());
        assertEquals("1.17.0-quapr", json.get("ver").asText());
        OffsetDateTime.parse(json.get("time").asText());
    }

    @Test
    void levelsAreDaprsLowerCaseNames() {
        assertEquals("debug", DaprJsonFormatter.level(Level.DEBUG));
        assertEquals("debug", DaprJsonFormatter.level(Level.TRACE));
        assertEquals("info", DaprJsonFormatter.level(Level.INFO));
        assertEquals("error", DaprJsonFormatter.level(Level.ERROR));
        assertEquals("fatal", DaprJsonFormatter.level(Level.FATAL));
    }

    @Test
    void apiLogFieldsComeFromTheMdcWithNumbersAsNumbers() throws Exception {
        MDC.put("method", "GET /v1.0/state/{storeName}/{key}");
        MDC.put("code", "200");
        MDC.put("duration", "3");
        try {
            ExtLogRecord r = new ExtLogRecord(Level.INFO, "HTTP API Called", DaprJsonFormatterTest.class.getName());
            r.setLoggerName("dapr.runtime.http-info");
            r.copyMdc();
            JsonNode json = JSON.readTree(formatter.format(r));
            assertEquals("HTTP API Called", json.get("msg").asText());
            assertEquals("GET /v1.0/state/{storeName}/{key}", json.get("method").asText());
            assertTrue(json.get("code").isNumber());
            assertEquals(200, json.get("code").asInt());
            assertEquals(3, json.get("duration").asInt());
        } finally {
            MDC.remove("method");
            MDC.remove("code");
            MDC.remove("duration");
        }
    }
}
