package io.quapr.components.lock.redis;

import io.quapr.components.redis.LuaScript;
import io.quapr.components.redis.RedisClientOptions;
import io.quapr.components.redis.RedisCommands;
import io.quapr.components.redis.RedisSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.lock.LockStore;
import io.quapr.spi.lock.UnlockStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.Dependent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code lock.redis}: a lock is a string key holding its owner, written with {@code SET NX PX},
 * so it expires on the server at its expiry to the millisecond; released by a script that
 * deletes the key only for its owner. The key is the one the sidecar gives (daprd's
 * {@code lock||<appId>||<resourceId>}) and the value the bare owner, as daprd's Redis lock keeps
 * them, so a Quapr and a daprd sidecar contend for the same locks.
 *
 * <p>
 * As daprd's, it refuses Redis Cluster and a server with replicas (unless through Sentinel): a
 * lock written to a primary that fails over before replicating it would be lost.
 */
@Dependent
@ComponentType("lock.redis")
public class RedisLockStore implements LockStore {

    /** -1: no such key; -2: another owner's; else the number of keys deleted. */
    static final LuaScript UNLOCK = LuaScript.of("""
            local v = redis.call('get', KEYS[1])
            if v == false then return -1 end
            if v ~= ARGV[1] then return -2 end
            return redis.call('del', KEYS[1])
            """);

    // written once by init, read by any thread afterwards
    private volatile Redis redis;
    private volatile RedisCommands commands;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public RedisLockStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        RedisSettings s;
        try {
            s = RedisSettings.forStateStore(metadata).in(context);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        if (s.cluster()) {
            return Uni.createFrom().failure(
                    new MetadataException("this component does not support connecting to Redis Cluster"));
        }
        redis = Redis.createClient(context.vertx(), RedisClientOptions.of(s));
        commands = new RedisCommands(redis, s);
        return commands.ping("redis lock store").chain(commands::connectedReplicas).invoke(replicas -> {
            if (replicas > 0 && s.sentinelMaster() == null) {
                throw new IllegalStateException("replication is not supported");
            }
        }).onFailure().invoke(e -> close()).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> tryLock(String resourceId, String lockOwner, int expiryInSeconds) {
        return commands.send(Request.cmd(Command.SET).arg(resourceId).arg(lockOwner).arg("NX").arg("PX")
                .arg(expiryInSeconds * 1000L)).map(r -> r != null);
    }

    @Override
    public Uni<UnlockStatus> unlock(String resourceId, String lockOwner) {
        return commands.eval(UNLOCK, List.of(resourceId), List.of(lockOwner.getBytes(StandardCharsets.UTF_8)))
                .map(r -> {
                    long n = r.toLong();
                    return n >= 0
                            ? UnlockStatus.SUCCESS
                            : n == -1 ? UnlockStatus.LOCK_DOES_NOT_EXIST : UnlockStatus.LOCK_BELONGS_TO_OTHERS;
                });
    }

    @Override
    public Uni<Void> close() {
        Redis r = redis;
        redis = null;
        if (r != null) {
            r.close();
        }
        return Uni.createFrom().voidItem();
    }
}
