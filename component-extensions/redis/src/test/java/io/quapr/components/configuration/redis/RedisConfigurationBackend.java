package io.quapr.components.configuration.redis;

import io.quapr.conformance.ConfigurationBackend;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Writes items for the configuration suite as daprd keeps them: {@code SET key value||version}. */
public class RedisConfigurationBackend implements ConfigurationBackend {

    private Vertx vertx;
    private Redis redis;

    @Override
    public String daprType() {
        return "configuration.redis";
    }

    @Override
    public void open(Map<String, String> metadata) throws Exception {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, "redis://" + metadata.get("redisHost") + "/"
                + metadata.getOrDefault("redisDB", "0"));
        send(Request.cmd(Command.PING));
    }

    @Override
    public void set(String key, String value, String version) throws Exception {
        send(Request.cmd(Command.SET).arg(key).arg(value + "||" + version));
    }

    @Override
    public void delete(String key) throws Exception {
        send(Request.cmd(Command.DEL).arg(key));
    }

    private void send(Request request) throws Exception {
        redis.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
