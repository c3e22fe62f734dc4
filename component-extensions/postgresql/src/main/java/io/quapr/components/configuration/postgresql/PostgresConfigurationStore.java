package io.quapr.components.configuration.postgresql;

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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.Dependent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code configuration.postgresql}: items in a table the operator made, in the layout daprd
 * documents (key, value, version, metadata), read with one query ({@link ItemRows} picks the
 * row of each key). A subscription is a connection of its own that {@code LISTEN}s on the
 * channel the table's trigger notifies; each notification names the changed row, which is
 * reported when the subscription watches its key. The listening connection comes back after a
 * connection loss, as daprd's does not; changes made while it was away are not replayed.
 */
@Dependent
@ComponentType(value = "configuration.postgresql", aliases = "configuration.postgres")
public class PostgresConfigurationStore implements ConfigurationStore {

    private static final Logger LOG = Logger.getLogger(PostgresConfigurationStore.class);

    /** The keys daprd accepts: they are compared in SQL, and it refuses anything else. */
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9./_]*");
    private static final long RECONNECT_DELAY_MILLIS = 1000;

    private final Map<String, PgSubscriber> subscriptions = new ConcurrentHashMap<>();

    // written once by init, read by any thread afterwards
    private volatile ConfigurationSettings settings;
    private volatile Pool pool;
    private volatile Vertx vertx;
    private volatile String selectAll;
    private volatile String selectKeys;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public PostgresConfigurationStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            settings = ConfigurationSettings.from(metadata, System.getenv());
            settings.client().warnings().forEach(w -> LOG.warnf("Component '%s': %s", metadata.componentName(), w));
            vertx = context.vertx();
            selectAll = "SELECT key, value, version, metadata FROM " + settings.table();
            selectKeys = selectAll + " WHERE key = ANY($1)";
            pool = PgBuilder.pool().with(settings.client().pool()).connectingTo(settings.client().connect())
                    .using(vertx).build();
            return uni(() -> pool.preparedQuery("SELECT EXISTS (SELECT FROM pg_tables WHERE tablename = $1)")
                    .execute(Tuple.of(settings.table()))).invoke(rows -> {
                        if (!rows.iterator().next().getBoolean(0)) {
                            throw new IllegalStateException(
                                    "postgreSQL configuration table '" + settings.table() + "' does not exist");
                        }
                    }).replaceWithVoid().onFailure().call(this::close);
        });
    }

    @Override
    public Uni<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata) {
        for (String key : keys) {
            if (!KEY.matcher(key).matches()) {
                return Uni.createFrom().failure(new IllegalArgumentException("invalid key : '" + key + "'"));
            }
        }
        Uni<RowSet<Row>> rows = keys.isEmpty()
                ? uni(() -> pool.query(selectAll).execute())
                : uni(() -> pool.preparedQuery(selectKeys).execute(Tuple.of(keys.toArray(String[]::new))));
        return rows.map(set -> {
            ItemRows items = new ItemRows();
            for (Row row : set) {
                items.add(row.getString(0), row.getString(1), row.getString(2), row.getValue(3));
            }
            return items.items();
        });
    }

    @Override
    public Uni<String> subscribe(List<String> keys, Map<String, String> metadata, ConfigurationListener listener) {
        return Uni.createFrom().deferred(() -> {
            // the component's channel wins; the request's is daprd's older way to name one
            String channel = settings.notifyChannel() != null
                    ? settings.notifyChannel()
                    : metadata.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("pgNotifyChannel"))
                            .map(Map.Entry::getValue).findFirst().orElse("");
            if (channel.isEmpty()) {
                throw new IllegalArgumentException("unable to subscribe to \"" + settings.table()
                        + "\". notifyChannel must be set in component metadata or request metadata");
            }
            ConfigurationSettings.checkChannel(channel);
            String id = UUID.randomUUID().toString();
            PgSubscriber subscriber = PgSubscriber.subscriber(vertx, settings.client().connect())
                    .reconnectPolicy(attempts -> RECONNECT_DELAY_MILLIS);
            return Uni.createFrom().<Void>emitter(listening -> subscriber.connect().onFailure(listening::fail)
                    .onSuccess(v -> subscriber.channel(channel)
                            .subscribeHandler(ready -> listening.complete(null))
                            .handler(payload -> notified(id, keys, payload, listener))))
                    .onFailure().invoke(e -> subscriber.close())
                    .invoke(() -> subscriptions.put(id, subscriber))
                    .replaceWith(id);
        });
    }

    private void notified(String id, List<String> keys, String payload, ConfigurationListener listener) {
        Map.Entry<String, ConfigurationItem> changed;
        try {
            changed = ItemRows.fromNotification(payload);
        } catch (RuntimeException e) {
            LOG.errorf("configuration.postgresql: a notification is not JSON: %s", Causes.describe(e));
            return;
        }
        if (changed == null || !subscriptions.containsKey(id)
                || !(keys.isEmpty() || keys.contains(changed.getKey()))) {
            return;
        }
        listener.onUpdate(new ConfigurationUpdate(id, Map.of(changed.getKey(), changed.getValue())));
    }

    @Override
    public Uni<Void> unsubscribe(String subscriptionId) {
        PgSubscriber subscriber = subscriptions.remove(subscriptionId);
        if (subscriber == null) {
            return Uni.createFrom().failure(new SubscriptionNotFoundException(subscriptionId));
        }
        return uni(subscriber::close);
    }

    @Override
    public Uni<Void> close() {
        subscriptions.values().forEach(PgSubscriber::close);
        subscriptions.clear();
        Pool p = pool;
        pool = null;
        return p == null ? Uni.createFrom().voidItem() : uni(p::close);
    }

    private static <T> Uni<T> uni(Supplier<Future<T>> work) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(work.get().toCompletionStage()));
    }
}
