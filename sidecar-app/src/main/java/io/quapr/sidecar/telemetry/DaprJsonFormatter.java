package io.quapr.sidecar.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * {@code --log-as-json}: one JSON object per line with daprd's fields ({@code time},
 * {@code level} in daprd's lower-case names, {@code type} = {@code log}, {@code msg},
 * {@code scope} = the logger, {@code instance} = the host, {@code app_id}, {@code ver}), plus
 * the line's MDC entries as fields (the API log's {@code method}, {@code code}, ...).
 */
public final class DaprJsonFormatter extends ExtFormatter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME
            .withZone(ZoneId.systemDefault());

    /** The API log's numeric fields, written as JSON numbers as daprd writes them. */
    private static final Set<String> NUMERIC_FIELDS = Set.of("code", "duration", "size");

    private final String appId;
    private final String instance;
    private final String version;

    /**
     * @param appId the app id ({@code --app-id})
     * @param instance the host name
     * @param version the runtime version
     */
    public DaprJsonFormatter(String appId, String instance, String version) {
        this.appId = appId;
        this.instance = instance;
        this.version = version;
    }

    @Override
    public String format(ExtLogRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("app_id", appId);
            g.writeStringField("instance", instance);
            g.writeStringField("level", level(record.getLevel()));
            g.writeStringField("msg", message(record));
            g.writeStringField("scope", record.getLoggerName() == null ? "" : record.getLoggerName());
            g.writeStringField("time", TIME.format(Instant.ofEpochMilli(record.getMillis())));
            g.writeStringField("type", "log");
            g.writeStringField("ver", version);
            Map<String, String> mdc = record.getMdcCopy();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    String v = e.getValue();
                    if (NUMERIC_FIELDS.contains(e.getKey()) && isLong(v)) {
                        g.writeNumberField(e.getKey(), Long.parseLong(v));
                    } else {
                        g.writeStringField(e.getKey(), v);
                    }
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            return "{\"msg\":\"log line could not be written as JSON\",\"type\":\"log\"}\n";
        }
        return out.append('\n').toString();
    }

    private String message(ExtLogRecord record) {
        String msg = formatMessage(record);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            msg = msg + "\n" + trace;
        }
        return msg;
    }

    private static boolean isLong(String v) {
        if (v == null || v.isEmpty() || v.length() > 18) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && v.length() > 1)) {
                return false;
            }
        }
        return true;
    }

    /** daprd's (logrus') level names. */
    static String level(Level level) {
        int v = level.intValue();
        if (v >= org.jboss.logmanager.Level.FATAL.intValue()) {
            return "fatal";
        }
        if (v >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (v >= Level.WARNING.intValue()) {
            return "warning";
        }
        if (v >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }
}
