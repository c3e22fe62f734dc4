package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.appchannel.AppChannel;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Bulk delivery to an HTTP app as daprd does it: {@code POST <app>/<path>} with
 * {@code {"id", "type": "com.dapr.event.sent.bulk", "topic", "pubsubname", "metadata",
 * "entries": [{"entryId", "event", "metadata", "contentType"}]}} (the event is the CloudEvent,
 * or the base64 of a raw payload); the app answers {@code {"statuses": [{"entryId", "status"}]}}.
 * A 404 takes the whole batch as done, any other non-2xx retries it.
 */
final class HttpBulkPostman implements BulkPostman {

    static final String BULK_TYPE = "com.dapr.event.sent.bulk";
    private static final Logger LOG = Logger.getLogger(HttpBulkPostman.class);

    private final AppChannel app;
    private final Duration timeout;

    HttpBulkPostman(AppChannel app, Duration timeout) {
        this.app = app;
        this.timeout = timeout;
    }

    @Override
    public Uni<Map<String, AppOutcome>> deliver(Batch batch) {
        Map<String, String> headers = new LinkedHashMap<>(batch.metadata());
        headers.put("Content-Type", ContentTypes.JSON);
        return app.post(batch.path(), CloudEvents.bytes(body(batch)), headers, timeout).map(r -> {
            if (r.status() >= 200 && r.status() <= 299) {
                return statuses(batch, r.body());
            }
            AppOutcome all = r.status() == 404 ? AppOutcome.SUCCESS : AppOutcome.RETRY;
            if (r.status() == 404) {
                LOG.errorf("non-retriable error returned from app while processing bulk pub/sub event: status 404");
            }
            return every(batch, all);
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("error sending bulk pub/sub event to the app: %s", e.getMessage());
            return every(batch, AppOutcome.RETRY);
        });
    }

    private static ObjectNode body(Batch batch) {
        ObjectNode body = CloudEvents.JSON.createObjectNode();
        body.put("id", RandomIds.uuid());
        body.put("type", BULK_TYPE);
        body.put("topic", batch.topic());
        body.put("pubsubname", batch.pubsub());
        ObjectNode md = body.putObject("metadata");
        batch.metadata().forEach(md::put);
        ArrayNode entries = body.putArray("entries");
        for (Entry e : batch.entries()) {
            ObjectNode entry = entries.addObject();
            entry.put("entryId", e.entryId());
            if (e.cloudEvent() != null) {
                entry.set("event", e.cloudEvent());
            } else {
                entry.put("event", Base64.getEncoder().encodeToString(e.raw()));
            }
            ObjectNode emd = entry.putObject("metadata");
            e.metadata().forEach(emd::put);
            if (e.contentType() != null && !e.contentType().isEmpty()) {
                entry.put("contentType", e.contentType());
            }
        }
        return body;
    }

    private static Map<String, AppOutcome> statuses(Batch batch, byte[] body) {
        Map<String, AppOutcome> out = every(batch, AppOutcome.RETRY);
        JsonNode answer;
        try {
            answer = CloudEvents.JSON.readTree(body);
        } catch (IOException e) {
            LOG.warnf("failed unmarshalling app response for bulk subscribe: %s", e.getMessage());
            return out;
        }
        if (answer == null) {
            return out;
        }
        for (JsonNode s : answer.path("statuses")) {
            String id = s.path("entryId").asText("");
            if (out.containsKey(id)) {
                out.put(id, switch (s.path("status").asText("")) {
                    case "SUCCESS" -> AppOutcome.SUCCESS;
                    case "DROP" -> AppOutcome.DROP;
                    default -> AppOutcome.RETRY;
                });
            }
        }
        return out;
    }

    static Map<String, AppOutcome> every(Batch batch, AppOutcome outcome) {
        Map<String, AppOutcome> out = new HashMap<>();
        batch.entries().forEach(e -> out.put(e.entryId(), outcome));
        return out;
    }
}
