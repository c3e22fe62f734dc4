package io.quapr.sidecar.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code spec.tracing.stdout}: one info line per finished span on daprd's {@code dapr.runtime.trace}
 * scope, so it lands in the sidecar's log (plain or JSON) like daprd's: the span name, the trace id,
 * the parent and own span ids (the parent all zeros for a root span), start and end time and the
 * names of the span's events.
 */
final class StdoutSpanExporter implements SpanExporter {

    /** daprd's logger scope for these lines. */
    static final String SCOPE = "dapr.runtime.trace";

    private static final Logger LOG = Logger.getLogger(SCOPE);

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData s : spans) {
            LOG.infof("[%s] Trace: %s Span: %s/%s Time: [%s ->  %s] Annotations: %s", s.getName(), s.getTraceId(),
                    s.getParentSpanId(), s.getSpanId(), instant(s.getStartEpochNanos()), instant(s.getEndEpochNanos()),
                    s.getEvents().stream().map(EventData::getName).collect(Collectors.joining(" ", "[", "]")));
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
