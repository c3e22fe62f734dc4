package io.quapr.sidecar.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Turns quarkus-opentelemetry's OTLP exporter off when the Configuration names no
 * {@code otel.endpointAddress} (tracing to Zipkin or stdout only). Without an endpoint of its own
 * the extension would send to its default {@code http://localhost:4317/}; it leaves its OTLP
 * processor out when the application has a {@link SpanExporter} bean, and this is that bean,
 * looked up only while the traces endpoint is that default ({@link TracingProperties} sets it
 * from the Configuration, so an {@code otel} section always makes it differ). The spans it is
 * handed are dropped: the other exporters are {@link TraceExporters}.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", stringValue = NoOtlpExport.DEFAULT_ENDPOINT, lookupIfMissing = true)
public class NoOtlpExport implements SpanExporter {

    /** The extension's OTLP endpoint when none is configured. */
    static final String DEFAULT_ENDPOINT = "http://localhost:4317/";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
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
}
