package io.quapr.components.bindings.redis;

import io.quapr.components.redis.RedisClientOptions;
import io.quapr.components.redis.RedisCommands;
import io.quapr.components.redis.RedisSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.Dependent;
import java.util.List;
import java.util.Map;

/**
 * {@code bindings.redis}: an output binding on the keys of a Redis server, as daprd's: the request
 * metadata {@code key} names the key; {@code create} sets it to the data, {@code get} answers its
 * bytes (no data for a missing key; {@code delete: "true"} reads and deletes it at once),
 * {@code delete} removes it, {@code increment} adds one; {@code ttlInSeconds} expires the key
 * after {@code create} and {@code increment}. Connection settings are those of daprd's Redis
 * components ({@link RedisSettings}), with go-redis's retry defaults.
 */
@Dependent
@ComponentType("bindings.redis")
public class RedisBinding implements OutputBinding {

    private volatile Redis redis;
    private volatile RedisCommands commands;

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        RedisSettings s;
        try {
            s = RedisSettings.forPubSub(metadata).in(context);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        redis = Redis.createClient(context.vertx(), RedisClientOptions.of(s));
        commands = new RedisCommands(redis, s);
        return commands.ping("redis binding").onFailure().call(this::close).replaceWithVoid();
    }

    @Override
    public List<String> operations() {
        return List.of("create", "delete", "get", "increment");
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        Map<String, String> md = request.metadata();
        String key = md.getOrDefault("key", "");
        if (key.isEmpty()) {
            return Uni.createFrom()
                    .failure(new IllegalArgumentException("redis binding: missing key in request metadata"));
        }
        Integer ttl;
        try {
            ttl = ttlSeconds(md);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return switch (request.operation()) {
            case "create" -> expire(commands.send(Request.cmd(Command.SET).arg(key).arg(Buffer.buffer(request.data()))),
                    key, ttl);
            case "increment" -> expire(commands.send(Request.cmd(Command.INCR).arg(key)), key, ttl);
            case "delete" -> commands.send(Request.cmd(Command.DEL).arg(key)).replaceWith((InvokeResponse) null);
            case "get" -> commands.send(Request.cmd("true".equals(md.get("delete")) ? Command.GETDEL : Command.GET)
                    .arg(key)).map(r -> InvokeResponse.of(r == null ? new byte[0] : r.toBytes()));
            default -> Uni.createFrom().failure(
                    new UnsupportedOperationException("invalid operation type: " + request.operation()));
        };
    }

    private Uni<InvokeResponse> expire(Uni<?> write, String key, Integer ttl) {
        Uni<?> done = ttl == null
                ? write
                : write.chain(() -> commands.send(Request.cmd(Command.EXPIRE).arg(key).arg(ttl)));
        return done.replaceWith((InvokeResponse) null);
    }

    /** daprd's {@code ttlInSeconds}: whole seconds; absent means no expiry. */
    private static Integer ttlSeconds(Map<String, String> md) {
        String v = md.get("ttlInSeconds");
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("incorrect value for metadata 'ttlInSeconds': " + v);
        }
    }

    @Override
    public Uni<Void> close() {
        Redis r = redis;
        if (r != null) {
            r.close();
        }
        return Uni.createFrom().voidItem();
    }
}
