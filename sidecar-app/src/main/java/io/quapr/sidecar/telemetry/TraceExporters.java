package io.quapr.sidecar.telemetry;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import io.quarkus.opentelemetry.runtime.config.runtime.BatchSpanProcessorConfig;
import io.quarkus.opentelemetry.runtime.config.runtime.OTelRuntimeConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * The exporters of {@code spec.tracing} besides OTLP: {@code zipkin.endpointAddress} and
 * {@code stdout}. quarkus-opentelemetry adds every {@link SpanProcessor} bean to its tracer
 * provider next to its own OTLP processor, so each exporter here gets a batch processor of its own
 * (daprd batches every exporter too), with the {@code quarkus.otel.bsp.*} settings; a slow Zipkin
 * then never holds up the stdout lines. The bean is only made when the SDK is on
 * ({@link TracingProperties}).
 */
@Singleton
public class TraceExporters {

    /**
     * The batch processors of the configured exporters, or a processor that does nothing when
     * there are none.
     */
    @Produces
    @Singleton
    SpanProcessor daprExporters(DaprConfiguration configuration, OTelRuntimeConfig otel) {
        TracingSettings settings = TracingSettings.from(configuration.section("tracing"));
        List<SpanProcessor> processors = new ArrayList<>();
        if (!settings.zipkinEndpoint().isEmpty()) {
            processors.add(batch(zipkin(settings.zipkinEndpoint()), otel.bsp()));
        }
        if (settings.stdout()) {
            processors.add(batch(new StdoutSpanExporter(), otel.bsp()));
        }
        return SpanProcessor.composite(processors);
    }

    /**
     * Zipkin v2 JSON POSTed to the full URL, uncompressed, as daprd's exporter sends it. The sender
     * blocks, which is fine on the batch processor's own thread.
     */
    static SpanExporter zipkin(String endpoint) {
        return new ZipkinExporter(
                URLConnectionSender.newBuilder().endpoint(endpoint).compressionEnabled(false).build());
    }

    private static SpanProcessor batch(SpanExporter exporter, BatchSpanProcessorConfig bsp) {
        return BatchSpanProcessor.builder(exporter).setScheduleDelay(bsp.scheduleDelay())
                .setMaxQueueSize(bsp.maxQueueSize()).setMaxExportBatchSize(bsp.maxExportBatchSize())
                .setExporterTimeout(bsp.exportTimeout()).setMeterProvider(MeterProvider.noop()).build();
    }
}
