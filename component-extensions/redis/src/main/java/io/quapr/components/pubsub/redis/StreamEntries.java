package io.quapr.components.pubsub.redis;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.PublishRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * daprd's layout of a message in a stream entry (components-contrib {@code pubsub/redis/redis.go}):
 * field {@code data} holds the bytes exactly as published, field {@code metadata} the request
 * metadata as a JSON object of strings. We add field {@code contentType} when the publisher gave
 * one; daprd reads only the two fields it writes, so either side reads the other's entries.
 */
final class StreamEntries {

    private static final Logger LOG = Logger.getLogger(StreamEntries.class);

    static final String DATA = "data";
    static final String METADATA = "metadata";
    static final String CONTENT_TYPE = "contentType";

    private StreamEntries() {
    }

    /** One entry read from a stream: its id and the message it carries. */
    record Entry(String id, Message message) {
    }

    /**
     * The {@code XADD} for a message, trimming the stream as the settings ask: {@code MAXLEN ~}
     * when {@code maxLenApprox} is set, else {@code MINID ~} from {@code streamTTL}.
     */
    static Request xadd(PublishRequest request, StreamSettings settings, Instant now) {
        Request xadd = Request.cmd(Command.XADD).arg(request.topic());
        if (settings.maxLenApprox() > 0) {
            xadd.arg("MAXLEN").arg("~").arg(settings.maxLenApprox());
        } else if (!settings.streamTtl().isZero()) {
            // entries have ids "<milliseconds>-<sequence>": everything before this one is older
            xadd.arg("MINID").arg("~").arg(now.minus(settings.streamTtl()).toEpochMilli() + "-1");
        }
        xadd.arg("*").arg(DATA).arg(request.data() == null ? new byte[0] : request.data());
        Map<String, String> metadata = request.metadata() == null ? Map.of() : request.metadata();
        xadd.arg(METADATA).arg(new JsonObject(new LinkedHashMap<>(metadata)).encode());
        if (request.contentType() != null && !request.contentType().isEmpty()) {
            xadd.arg(CONTENT_TYPE).arg(request.contentType());
        }
        return xadd;
    }

    /**
     * The entries of an {@code XREADGROUP} reply for one stream; empty for a nil reply (the
     * block time passed). RESP2 answers an array of {@code [stream, entries]}, RESP3 a map.
     */
    static List<Entry> fromRead(Response reply, String topic) {
        if (reply == null || reply.size() == 0) {
            return List.of();
        }
        if (reply.isMap()) {
            Response entries = reply.get(topic);
            return entries == null ? List.of() : fromEntries(entries, topic);
        }
        List<Entry> out = new ArrayList<>();
        for (Response stream : reply) {
            out.addAll(fromEntries(stream.get(1), topic));
        }
        return out;
    }

    /**
     * The entries of an array of {@code [id, fields]} ({@code XCLAIM}, {@code XRANGE}, one
     * stream of {@code XREADGROUP}). A nil element (an entry deleted while pending, as Redis
     * before 7 reports it from {@code XCLAIM}) is skipped.
     */
    static List<Entry> fromEntries(Response entries, String topic) {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Response e : entries) {
            if (e == null || e.size() < 2) {
                continue;
            }
            out.add(new Entry(e.get(0).toString(), message(e.get(0).toString(), e.get(1), topic)));
        }
        return out;
    }

    /** Whether an {@code XCLAIM} reply holds a nil element (see {@link #fromEntries}). */
    static boolean hasDeleted(Response entries) {
        for (Response e : entries) {
            if (e == null || e.size() < 2) {
                return true;
            }
        }
        return false;
    }

    private static Message message(String id, Response fields, String topic) {
        byte[] data = new byte[0];
        Map<String, String> metadata = Map.of();
        String contentType = null;
        Map<String, Response> byName = fieldMap(fields);
        Response d = byName.get(DATA);
        if (d != null) {
            data = d.toBytes();
        }
        Response m = byName.get(METADATA);
        if (m != null) {
            metadata = metadata(id, m.toString());
        }
        Response ct = byName.get(CONTENT_TYPE);
        if (ct != null) {
            contentType = ct.toString();
        }
        return new Message(topic, data, contentType, metadata);
    }

    /** Field name to value, from the flat {@code [name, value, ...]} array or a RESP3 map. */
    private static Map<String, Response> fieldMap(Response fields) {
        Map<String, Response> out = new LinkedHashMap<>();
        if (fields.isMap()) {
            for (String k : fields.getKeys()) {
                out.put(k, fields.get(k));
            }
            return out;
        }
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            out.put(fields.get(i).toString(), fields.get(i + 1));
        }
        return out;
    }

    /**
     * The metadata JSON as a map of strings. Like daprd, a value that is not a JSON object is
     * logged and ignored: the message is still delivered.
     */
    private static Map<String, String> metadata(String id, String json) {
        try {
            JsonObject o = new JsonObject(json);
            Map<String, String> out = new LinkedHashMap<>();
            o.forEach(e -> out.put(e.getKey(), e.getValue() == null ? "" : e.getValue().toString()));
            return Collections.unmodifiableMap(out);
        } catch (DecodeException | ClassCastException e) {
            LOG.warnf("redis streams: ignoring the metadata of entry %s, which is not a JSON object: %s", id,
                    e.getMessage());
            return Map.of();
        }
    }
}
