package io.quapr.sidecar.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/** Commands on the loopback Redis, for tests that look at (or write) what a component keeps there. */
public final class TestRedis implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;

    /** A client of database {@code db}. */
    public TestRedis(int db) {
        redis = Redis.createClient(vertx, "redis://127.0.0.1:6379/" + db);
    }

    /** {@code GET key}; null when there is no such key. */
    public String get(String key) {
        Response r = send(Request.cmd(Command.GET).arg(key));
        return r == null ? null : r.toString();
    }

    /** {@code SET key value}. */
    public void set(String key, String value) {
        send(Request.cmd(Command.SET).arg(key).arg(value));
    }

    /** How many connections are subscribed to a channel ({@code PUBSUB NUMSUB}). */
    public long subscribers(String channel) {
        return send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(channel)).get(1).toLong();
    }

    private Response send(Request request) {
        try {
            return redis.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        redis.close();
        vertx.close();
    }
}
