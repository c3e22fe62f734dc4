package io.quapr.components.configuration.redis;

import io.quapr.spi.Causes;
import io.smallrye.mutiny.Uni;
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
 * subscribed connection can do nothing else), subscribed to {@code __keyspace@<db>__:<key>} for
 * each key, or to the pattern {@code __keyspace@<db>__:*} for every key, as daprd subscribes.
 * Each notification hands the changed key on.
 */
final class KeyspaceSubscription {

    private static final Logger LOG = Logger.getLogger(KeyspaceSubscription.class);

    private final Redis client;
    private final String prefix;
    private volatile RedisConnection connection;

    /**
     * @param client a client for this subscription alone; closed by {@link #close}
     * @param db the database whose keys are watched
     */
    KeyspaceSubscription(Redis client, int db) {
        this.client = client;
        this.prefix = "__keyspace@" + db + "__:";
    }

    /**
     * Connects and subscribes; completes once the server confirmed every channel, so a change
     * made afterwards is reported.
     *
     * @param keys the keys to watch; empty for every key
     * @param changed called with each changed key, in the server's order, on the connection's
     *        event loop
     */
    Uni<Void> start(List<String> keys, Consumer<String> changed) {
        return Uni.createFrom().completionStage(() -> client.connect().toCompletionStage()).chain(conn -> {
            connection = conn;
            conn.handler(message -> onMessage(message, changed));
            conn.exceptionHandler(e -> LOG.warnf("redis configuration subscription: %s", Causes.describe(e)));
            Request request = keys.isEmpty()
                    ? Request.cmd(Command.PSUBSCRIBE).arg(prefix + "*")
                    : Request.cmd(Command.SUBSCRIBE);
            keys.forEach(k -> request.arg(prefix + k));
            return Uni.createFrom().completionStage(() -> conn.send(request).toCompletionStage());
        }).replaceWithVoid().onFailure().invoke(this::close);
    }

    /**
     * A pushed {@code message} (channel, payload) or {@code pmessage} (pattern, channel,
     * payload); the confirmations of the subscriptions themselves are not changes.
     */
    private void onMessage(Response message, Consumer<String> changed) {
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
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.handler(null);
        }
        client.close();
    }
}
