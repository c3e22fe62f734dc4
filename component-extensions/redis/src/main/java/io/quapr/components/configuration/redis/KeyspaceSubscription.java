package io.quapr.components.configuration.redis;

import io.quapr.spi.Causes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One subscription's connection to Redis keyspace notifications: a client of its own (a
 * subscribed connection can do nothing else), named {@code quapr-config:<subscription id>},
 * subscribed to {@code __keyspace@<db>__:<key>} for each key, or to the pattern
 * {@code __keyspace@<db>__:*} for every key, as daprd subscribes. Each notification hands the
 * changed key on. A lost connection is replaced a second later, again and again, as go-redis
 * does for daprd; changes made while it was away are not reported.
 */
final class KeyspaceSubscription {

    private static final Logger LOG = Logger.getLogger(KeyspaceSubscription.class);
    private static final long RECONNECT_DELAY_MILLIS = 1000;

    private final Vertx vertx;
    private final Redis client;
    private final String prefix;
    private final String name;
    private List<String> keys = List.of();
    private Consumer<String> changed = key -> {
    };
    private volatile boolean closed;
    private volatile RedisConnection connection;

    /**
     * @param vertx for the timer of a reconnection
     * @param client a client for this subscription alone; closed by {@link #close}
     * @param db the database whose keys are watched
     * @param id the subscription's id, part of the connection's name
     */
    KeyspaceSubscription(Vertx vertx, Redis client, int db, String id) {
        this.vertx = vertx;
        this.client = client;
        this.prefix = "__keyspace@" + db + "__:";
        this.name = "quapr-config:" + id;
    }

    /**
     * Connects and subscribes; completes once the server confirmed the subscription, so a change
     * made afterwards is reported.
     *
     * @param keys the keys to watch; empty for every key
     * @param changed called with each changed key, in the server's order, on the connection's
     *        event loop
     */
    Uni<Void> start(List<String> keys, Consumer<String> changed) {
        this.keys = List.copyOf(keys);
        this.changed = changed;
        return connect().onFailure().invoke(this::close);
    }

    private Uni<Void> connect() {
        return Uni.createFrom().completionStage(() -> client.connect().toCompletionStage()).chain(conn -> {
            if (closed) {
                conn.close();
                return Uni.createFrom().failure(new IllegalStateException("the subscription was closed"));
            }
            connection = conn;
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> LOG.debugf("redis configuration subscription %s: %s", name,
                    Causes.describe(e)));
            conn.endHandler(v -> lost(conn));
            return send(conn, Request.cmd(Command.CLIENT).arg("SETNAME").arg(name))
                    // a name is a convenience: a server or proxy that refuses it is still usable
                    .onFailure().recoverWithNull()
                    .chain(() -> send(conn, subscribeRequest()));
        }).replaceWithVoid();
    }

    private Request subscribeRequest() {
        if (keys.isEmpty()) {
            return Request.cmd(Command.PSUBSCRIBE).arg(prefix + "*");
        }
        Request request = Request.cmd(Command.SUBSCRIBE);
        keys.forEach(k -> request.arg(prefix + k));
        return request;
    }

    private static Uni<Response> send(RedisConnection conn, Request request) {
        return Uni.createFrom().completionStage(() -> conn.send(request).toCompletionStage());
    }

    /** The server or the network dropped the connection: subscribe again on a new one. */
    private void lost(RedisConnection conn) {
        if (closed || connection != conn) {
            return;
        }
        LOG.warnf("redis configuration subscription %s lost its connection; reconnecting", name);
        reconnectLater();
    }

    private void reconnectLater() {
        vertx.setTimer(RECONNECT_DELAY_MILLIS, t -> {
            if (closed) {
                return;
            }
            connect().subscribe().with(v -> LOG.infof("redis configuration subscription %s reconnected", name),
                    e -> {
                        LOG.debugf("redis configuration subscription %s: reconnecting failed: %s", name,
                                Causes.describe(e));
                        reconnectLater();
                    });
        });
    }

    /**
     * A pushed {@code message} (channel, payload) or {@code pmessage} (pattern, channel,
     * payload); the confirmations of the subscriptions themselves are not changes.
     */
    private void onMessage(Response message) {
        if (message == null || message.size() < 3) {
            return;
        }
        String kind = message.get(0).toString();
        String channel = switch (kind) {
            case "message" -> message.get(1).toString();
            case "pmessage" -> message.size() >= 4 ? message.get(2).toString() : null;
            default -> null;
        };
        if (channel != null && channel.startsWith(prefix)) {
            changed.accept(channel.substring(prefix.length()));
        }
    }

    /** Drops the connection and the client; nothing is reported afterwards. */
    void close() {
        closed = true;
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.handler(null);
        }
        client.close();
    }
}
