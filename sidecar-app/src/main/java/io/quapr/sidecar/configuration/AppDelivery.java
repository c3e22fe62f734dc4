package io.quapr.sidecar.configuration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.appchannel.AppChannel;
import io.quapr.spi.Causes;
import io.quapr.spi.configuration.ConfigurationListener;
import io.quapr.spi.configuration.ConfigurationUpdate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Hands the changes of one HTTP subscription to the app, as daprd does: for every changed key,
 * {@code POST /configuration/<store>/<key>} with the whole update as the body; only a 200 counts
 * as delivered, and a failure is logged, not retried. Updates go out one after the other, so
 * the app sees them in the store's order.
 */
final class AppDelivery implements ConfigurationListener {

    private static final Logger LOG = Logger.getLogger(AppDelivery.class);
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");
    // daprd sets no deadline of its own here (only a Resiliency policy would); this one keeps a
    // hung app from holding every later update forever
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AppChannel app;
    private final ObjectMapper json;
    private final String storeName;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    AppDelivery(AppChannel app, ObjectMapper json, String storeName) {
        this.app = app;
        this.json = json;
        this.storeName = storeName;
    }

    @Override
    public synchronized void onUpdate(ConfigurationUpdate update) {
        byte[] body;
        try {
            // daprd's JSON encoder ends the body with a newline
            body = (json.writeValueAsString(ConfigurationJson.update(json, update)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            LOG.errorf("configuration store '%s': cannot render an update: %s", storeName, e.getMessage());
            return;
        }
        for (String key : update.items().keySet()) {
            tail = tail.thenCompose(v -> post(key, body));
        }
    }

    private CompletableFuture<Void> post(String key, byte[] body) {
        String path = "/configuration/" + encode(storeName) + "/" + encode(key);
        return app.post(path, body, JSON_HEADERS, TIMEOUT).onItem().invoke(r -> {
            if (r.status() != 200) {
                LOG.errorf("error sending configuration item to the app: status %d from %s", r.status(), path);
            }
        }).onFailure().invoke(e -> LOG.errorf("error sending configuration item to the app (%s): %s", path,
                Causes.describe(e))).onFailure().recoverWithNull().replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
