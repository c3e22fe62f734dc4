package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.appchannel.AppChannel;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Delivery to an HTTP app as daprd does it: {@code POST <app>/<path>} with the message bytes,
 * {@code Content-Type: application/cloudevents+json}, the message metadata and the pubsub name
 * as headers, and the event's trace context as {@code traceparent}/{@code tracestate}.
 */
final class HttpPostman implements Postman {

    private static final Logger LOG = Logger.getLogger(HttpPostman.class);

    private final AppChannel app;
    private final Duration timeout;

    HttpPostman(AppChannel app, Duration timeout) {
        this.app = app;
        this.timeout = timeout;
    }

    @Override
    public Uni<AppOutcome> deliver(Letter letter) {
        return app.post(letter.path(), letter.body(), headers(letter), timeout).map(AppOutcome::of).onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("error sending pub/sub event %s to the app: %s", letter.id(), e.getMessage());
                    return AppOutcome.RETRY;
                });
    }

    private static Map<String, String> headers(Letter letter) {
        Map<String, String> headers = new LinkedHashMap<>();
        letter.metadata().forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (!lower.equals("content-type") && !lower.equals("content-length") && headerSafe(k) && headerSafe(v)) {
                headers.put(k, v);
            }
        });
        headers.put("pubsubName", letter.pubsub());
        headers.put("Content-Type", ContentTypes.CLOUD_EVENT_JSON);
        JsonNode ce = letter.cloudEvent();
        JsonNode tp = ce.hasNonNull("traceparent") ? ce.get("traceparent") : ce.get("traceid");
        if (tp != null && tp.isTextual() && !tp.textValue().isEmpty() && headerSafe(tp.textValue())) {
            headers.put("traceparent", tp.textValue());
        }
        JsonNode ts = ce.get("tracestate");
        if (ts != null && ts.isTextual() && !ts.textValue().isEmpty() && headerSafe(ts.textValue())) {
            headers.put("tracestate", ts.textValue());
        }
        // with tracing on, the app continues the delivery's span (a child of the event's context)
        headers.putAll(letter.trace());
        return headers;
    }

    private static boolean headerSafe(String s) {
        return s != null && !s.isEmpty() && s.indexOf('\r') < 0 && s.indexOf('\n') < 0;
    }
}
