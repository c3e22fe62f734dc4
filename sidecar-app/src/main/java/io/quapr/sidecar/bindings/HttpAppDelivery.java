package io.quapr.sidecar.bindings;

import io.quapr.sidecar.appchannel.AppChannel;
import io.quapr.sidecar.resiliency.StatusCodeException;
import io.quapr.spi.bindings.InputEvent;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Input binding events to an HTTP app, as daprd sends them: {@code POST /<route>} with the event's
 * bytes, {@code Content-Type: application/json} and the event's metadata as headers. Only a 2xx
 * answer accepts the event.
 */
final class HttpAppDelivery implements AppDelivery {

    private final AppChannel app;
    private final Duration timeout;
    private final Duration probeTimeout;

    HttpAppDelivery(AppChannel app, Duration timeout, Duration probeTimeout) {
        this.app = app;
        this.timeout = timeout;
        this.probeTimeout = probeTimeout;
    }

    @Override
    public Uni<byte[]> deliver(String binding, String route, InputEvent event) {
        return app.post(route, event.data(), headers(event.metadata()), timeout).map(r -> {
            if (r.status() / 100 != 2) {
                throw new StatusCodeException(r.status(),
                        "fails to send binding event to http app channel, status code: "
                                + r.status() + " body: " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        });
    }

    @Override
    public Uni<Boolean> serves(String binding, String route) {
        // daprd: a 2xx or 405 answer means the app has a handler there; anything else means no
        return app.options(route, probeTimeout).map(r -> r.status() / 100 == 2 || r.status() == 405);
    }

    private static Map<String, String> headers(Map<String, String> metadata) {
        Map<String, String> headers = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            // a header the transport owns, or one that cannot be written, is left out
            if (!lower.equals("content-type") && !lower.equals("content-length") && safe(k) && safe(v)) {
                headers.put(k, v);
            }
        });
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private static boolean safe(String s) {
        return s != null && !s.isEmpty() && s.indexOf('\r') < 0 && s.indexOf('\n') < 0;
    }
}
