package io.quapr.components.state.redis;

import io.quapr.components.redis.RedisClientOptions;
import io.quapr.components.redis.RedisCommands;
import io.quapr.components.redis.RedisSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.TransactionalStateStore;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.Dependent;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code state.redis}: state in Redis, readable and writable side by side with daprd.
 *
 * <p>
 * The layout is daprd's: each key is a hash whose field {@code data} holds the value's bytes
 * exactly as given and whose field {@code version} counts the writes from 1; the version, as a
 * decimal string, is the ETag. A TTL is the key's own Redis expiry. Every write, single or
 * transactional, runs one Lua script ({@link StateScripts#WRITE}) that checks all ETags before
 * it writes anything, so a transaction with one stale ETag leaves every key as it was. daprd
 * itself queues its per-key scripts in {@code MULTI}, which would keep the writes before a
 * failing check.
 *
 * <p>
 * The query API is not offered: it needs the RedisJSON and RediSearch modules.
 */
@Dependent
@ComponentType("state.redis")
public class RedisStateStore implements TransactionalStateStore, KeysLikeStateStore {

    private static final Logger LOG = Logger.getLogger(RedisStateStore.class);

    private static final Set<StateFeature> FEATURES = Collections.unmodifiableSet(
            EnumSet.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL, StateFeature.KEYS_LIKE));

    // how long WAIT gives replicas to acknowledge a strongly consistent write, as daprd does
    private static final long REPLICA_WAIT_MILLIS = 1000;
    private static final int SCAN_COUNT = 1000;

    // written once by init, read by any thread afterwards
    private volatile Redis redis;
    private volatile RedisCommands commands;
    private volatile RedisSettings settings;
    private volatile Long defaultTtlSeconds;
    private volatile Clock clock;
    private volatile int replicas;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public RedisStateStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        RedisSettings s;
        try {
            s = RedisSettings.forStateStore(metadata).in(context);
            defaultTtlSeconds = metadata.get("ttlInSeconds").map(v -> metadata.longValue("ttlInSeconds", 0))
                    .orElse(null);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        settings = s;
        clock = context.clock();
        redis = Redis.createClient(context.vertx(), RedisClientOptions.of(s));
        commands = new RedisCommands(redis, s);
        return commands.ping("redis store")
                .chain(() -> s.cluster() ? Uni.createFrom().item(0) : commands.connectedReplicas())
                .invoke(n -> replicas = n)
                // a component that failed to start may never be closed: release the pool now
                .onFailure().invoke(e -> close())
                .replaceWithVoid();
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

    @Override
    public Set<StateFeature> features() {
        return FEATURES;
    }

    @Override
    public Uni<GetResponse> get(GetRequest request) {
        return commands.eval(StateScripts.READ, List.of(request.key()), List.of()).map(this::toGetResponse);
    }

    private GetResponse toGetResponse(Response r) {
        if (r == null || r.size() == 0) {
            return GetResponse.MISSING;
        }
        Response data = r.get(1);
        Response version = r.get(2);
        boolean hash = "hash".equals(r.get(0).toString());
        if (hash && (data == null || version == null)) {
            // daprd refuses such a hash too: it is not state it (or we) wrote
            throw new IllegalStateException("required hash field 'data' or 'version' was not found");
        }
        long pttl = r.get(3).toLong();
        // to the nearest second: the milliseconds Redis has counted down since the write
        // should not turn "in an hour" into "in 59:59"
        Map<String, String> metadata = pttl >= 0
                ? Map.of(GetResponse.TTL_EXPIRE_TIME, DateTimeFormatter.ISO_INSTANT.format(
                        clock.instant().plusMillis(pttl + 500).truncatedTo(ChronoUnit.SECONDS)))
                : Map.of();
        return new GetResponse(data == null ? new byte[0] : data.toBytes(),
                version == null ? null : version.toString(), metadata, null);
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        return write(List.of(request));
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        return write(List.of(request));
    }

    @Override
    public Uni<Void> multi(List<StateOperation> operations, Map<String, String> metadata) {
        return operations.isEmpty() ? Uni.createFrom().voidItem() : write(operations);
    }

    /** Runs the write script for these operations; all or none are applied. */
    private Uni<Void> write(List<? extends StateOperation> operations) {
        WriteBatch batch;
        try {
            batch = WriteBatch.of(operations, defaultTtlSeconds);
            if (settings.cluster()) {
                requireOneSlot(batch.keys());
            }
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<Void> written = commands.eval(StateScripts.WRITE, batch.keys(), batch.args()).invoke(r -> {
            int failed = r.toInteger();
            if (failed > 0) {
                throw new ETagMismatchException(batch.keys().get(failed - 1));
            }
        }).replaceWithVoid();
        return batch.strong() && replicas > 0 ? written.call(this::waitForReplicas) : written;
    }

    /**
     * A script runs on one cluster node, so all of a transaction's keys must hash to one slot,
     * as for daprd's {@code MULTI}; a shared {@code {hash tag}} in the keys makes them do so.
     */
    private static void requireOneSlot(List<String> keys) {
        int slot = HashSlot.of(keys.get(0));
        for (String key : keys) {
            if (HashSlot.of(key) != slot) {
                throw new IllegalArgumentException("redis cluster: the keys of one transaction must share a hash slot"
                        + " (give them a common {hash tag}); '" + keys.get(0) + "' and '" + key + "' do not");
            }
        }
    }

    /**
     * Waits up to a second for the replicas to acknowledge the write. Like daprd, too few
     * acknowledgements are not an error: the write is applied on the master either way.
     */
    private Uni<Void> waitForReplicas() {
        int expected = replicas;
        return commands.send(Request.cmd(Command.WAIT).arg(expected).arg(REPLICA_WAIT_MILLIS)).invoke(r -> {
            int acknowledged = r.toInteger();
            if (acknowledged < expected) {
                LOG.debugf("redis: %d of %d replicas acknowledged a strongly consistent write", acknowledged,
                        (Integer) expected);
            }
        }).replaceWithVoid();
    }

    /**
     * Lists the keys matching a {@code LIKE} pattern, as daprd does: one full {@code SCAN} of
     * the database, sorted, then paged by offset (the continuation token is the offset). Every
     * key of the database is visited, so this is for small key spaces such as actor reminders.
     * In a cluster, as with daprd, the scan covers the one node the client picks.
     */
    @Override
    public Uni<KeysPage> keysLike(String pattern, String continuationToken, int pageSize) {
        if (pattern == null || pattern.isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException("keys like: the pattern is empty"));
        }
        return scan(LikePattern.toGlob(pattern), "0", new ArrayList<>()).map(keys -> {
            Collections.sort(keys);
            int start = offset(continuationToken, keys.size());
            int end = pageSize > 0 ? (int) Math.min(keys.size(), (long) start + pageSize) : keys.size();
            return new KeysPage(List.copyOf(keys.subList(start, end)),
                    end < keys.size() ? Integer.toString(end) : null);
        });
    }

    private Uni<List<String>> scan(String glob, String cursor, List<String> into) {
        Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(glob).arg("COUNT").arg(SCAN_COUNT);
        return commands.send(scan).chain(r -> {
            r.get(1).forEach(k -> into.add(k.toString()));
            String next = r.get(0).toString();
            return "0".equals(next) ? Uni.createFrom().item(into) : scan(glob, next, into);
        });
    }

    /** The offset a token stands for; like daprd, a token that is not one starts from the top. */
    private static int offset(String token, int size) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(size, Integer.parseInt(token)));
        } catch (NumberFormatException e) {
            LOG.debugf("keys like: ignoring continuation token '%s'", token);
            return 0;
        }
    }
}
