package io.quapr.components.configuration.redis;

import io.quapr.components.redis.RedisClientOptions;
import io.quapr.components.redis.RedisCommands;
import io.quapr.components.redis.RedisSettings;
import io.quapr.spi.Causes;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.configuration.ConfigurationItem;
import io.quapr.spi.configuration.ConfigurationListener;
import io.quapr.spi.configuration.ConfigurationStore;
import io.quapr.spi.configuration.ConfigurationUpdate;
import io.quapr.spi.configuration.SubscriptionNotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.Dependent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@code configuration.redis}: items are string keys holding {@code value||version}, daprd's
 * layout ({@link StoredItem}), so items written for daprd read the same here. A key that is not
 * a string, or holds an empty value, is not an item. Subscriptions listen to keyspace
 * notifications ({@link KeyspaceSubscription}); on each, the key is read again and its item
 * reported (an empty item once it is gone), one notification after the other.
 */
@Dependent
@ComponentType("configuration.redis")
public class RedisConfigurationStore implements ConfigurationStore {

    private static final Logger LOG = Logger.getLogger(RedisConfigurationStore.class);

    // which keyspace events the server must publish: keyspace channel, generic commands (DEL,
    // EXPIRE, RENAME), string commands, expired and evicted keys; what daprd sets
    private static final String NOTIFY_EVENTS = "Kg$xe";

    private final Map<String, KeyspaceSubscription> subscriptions = new ConcurrentHashMap<>();

    // written once by init, read by any thread afterwards
    private volatile Redis redis;
    private volatile RedisCommands commands;
    private volatile RedisSettings settings;
    private volatile Vertx vertx;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public RedisConfigurationStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        RedisSettings s;
        try {
            s = RedisSettings.forConfigurationStore(metadata).in(context);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        settings = s;
        vertx = context.vertx();
        redis = Redis.createClient(vertx, RedisClientOptions.of(s));
        commands = new RedisCommands(redis, s);
        return commands.ping("redis configuration store").onFailure().invoke(e -> close()).replaceWithVoid();
    }

    @Override
    public Uni<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata) {
        Uni<List<String>> which = keys.isEmpty()
                ? commands.send(Request.cmd(Command.KEYS).arg("*")).map(RedisConfigurationStore::strings)
                : Uni.createFrom().item(keys);
        return which.chain(this::read);
    }

    /** Reads keys one by one (keys of a cluster may live on different nodes). */
    private Uni<Map<String, ConfigurationItem>> read(List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<ConfigurationItem>> reads = new ArrayList<>();
        for (String key : keys) {
            reads.add(commands.send(Request.cmd(Command.GET).arg(key))
                    .map(r -> r == null ? null : StoredItem.parse(r.toString()))
                    // another type of value under the key is not an item, as daprd skips it
                    .onFailure(e -> RedisCommands.isReply(e, "WRONGTYPE")).recoverWithNull());
        }
        return Uni.join().all(reads).andFailFast().map(items -> {
            Map<String, ConfigurationItem> found = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                ConfigurationItem item = items.get(i);
                if (item != null && !item.value().isEmpty()) {
                    found.put(keys.get(i), item);
                }
            }
            return found;
        });
    }

    @Override
    public Uni<String> subscribe(List<String> keys, Map<String, String> metadata, ConfigurationListener listener) {
        String id = UUID.randomUUID().toString();
        KeyspaceSubscription subscription = new KeyspaceSubscription(vertx,
                Redis.createClient(vertx, RedisClientOptions.of(settings)), settings.db(), id);
        Reporter reporter = new Reporter(id, listener);
        // daprd turns notifications on and ignores a refusal (a managed server may forbid CONFIG)
        return commands.send(Request.cmd(Command.CONFIG).arg("SET").arg("notify-keyspace-events").arg(NOTIFY_EVENTS))
                .onFailure().invoke(e -> LOG.debugf("CONFIG SET notify-keyspace-events refused: %s",
                        Causes.describe(e)))
                .onFailure().recoverWithNull()
                .chain(() -> subscription.start(keys, reporter::changed))
                .invoke(() -> subscriptions.put(id, subscription))
                .replaceWith(id);
    }

    @Override
    public Uni<Void> unsubscribe(String subscriptionId) {
        KeyspaceSubscription subscription = subscriptions.remove(subscriptionId);
        if (subscription == null) {
            return Uni.createFrom().failure(new SubscriptionNotFoundException(subscriptionId));
        }
        subscription.close();
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> close() {
        subscriptions.values().forEach(KeyspaceSubscription::close);
        subscriptions.clear();
        Redis r = redis;
        redis = null;
        if (r != null) {
            r.close();
        }
        return Uni.createFrom().voidItem();
    }

    private static List<String> strings(Response r) {
        List<String> out = new ArrayList<>();
        if (r != null) {
            r.forEach(k -> out.add(k.toString()));
        }
        return out;
    }

    /**
     * Reads each changed key and reports it, one change after the other: the reads go over the
     * shared pool, where a later read could otherwise overtake an earlier one.
     */
    private final class Reporter {

        private final String id;
        private final ConfigurationListener listener;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Reporter(String id, ConfigurationListener listener) {
            this.id = id;
            this.listener = listener;
        }

        synchronized void changed(String key) {
            tail = tail.thenCompose(v -> read(List.of(key)).invoke(found -> {
                if (subscriptions.containsKey(id)) {
                    ConfigurationItem item = found.getOrDefault(key, new ConfigurationItem("", "", Map.of()));
                    listener.onUpdate(new ConfigurationUpdate(id, Map.of(key, item)));
                }
            }).onFailure().invoke(e -> LOG.errorf("redis configuration store: reading changed key %s: %s", key,
                    Causes.describe(e))).onFailure().recoverWithNull().replaceWithVoid()
                    .subscribeAsCompletionStage());
        }
    }
}
