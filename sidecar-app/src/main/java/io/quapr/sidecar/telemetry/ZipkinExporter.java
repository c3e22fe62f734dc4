package io.quapr.sidecar.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;
import zipkin2.codec.SpanBytesEncoder;
import zipkin2.reporter.BytesMessageSender;

/**
 * Sends spans to Zipkin as v2 JSON, one POST per batch, through a blocking sender (called on the
 * batch processor's own thread).
 *
 * <p>
 * Ours rather than OpenTelemetry's {@code ZipkinSpanExporter}: that one's builder links to the
 * OkHttp sender, which this build leaves out (it brings OkHttp and Kotlin), and a native image
 * cannot be built over a reference to a missing class.
 */
final class ZipkinExporter implements SpanExporter {

    private static final Logger LOG = Logger.getLogger(ZipkinExporter.class);

    private final BytesMessageSender sender;

    ZipkinExporter(BytesMessageSender sender) {
        this.sender = sender;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        List<byte[]> encoded = new ArrayList<>(spans.size());
        for (SpanData span : spans) {
            encoded.add(SpanBytesEncoder.JSON_V2.encode(ZipkinSpans.of(span)));
        }
        try {
            sender.send(encoded);
            return CompletableResultCode.ofSuccess();
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "could not send %d spans to Zipkin", spans.size());
            return CompletableResultCode.ofFailure();
        }
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        try {
            sender.close();
        } catch (IOException e) {
            LOG.debug("closing the Zipkin sender failed", e);
        }
        return CompletableResultCode.ofSuccess();
    }
}
