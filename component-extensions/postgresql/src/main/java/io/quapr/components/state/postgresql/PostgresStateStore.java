package io.quapr.components.state.postgresql;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.QueryableStateStore;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.TransactionalStateStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Dapr's {@code state.postgresql} v1 on the reactive Vert.x PostgreSQL client, sharing daprd's
 * table layout (see {@link SchemaMigrations}) so that daprd and this sidecar can use one database.
 *
 * <p>
 * ETags are the row's transaction id ({@code xmin}) in decimal; an ETag that is not an unsigned
 * 32-bit number is invalid. TTLs set {@code expiredate}; expired rows are never returned and are
 * deleted every {@code cleanupInterval}. Transactions run in one database transaction, in order.
 *
 * <p>
 * A value is stored as JSON ({@code jsonb}, the only values the query API sees, returned in
 * PostgreSQL's rendering) when the request's {@code contentType} is JSON, as daprd's gRPC API
 * does; every other value is stored as base64 and returned byte for byte.
 */
@Dependent
@ComponentType(value = "state.postgresql", aliases = "state.postgres")
public class PostgresStateStore implements TransactionalStateStore, QueryableStateStore, KeysLikeStateStore {

    private static final Logger LOG = Logger.getLogger(PostgresStateStore.class);

    private static final Set<StateFeature> FEATURES = Set.copyOf(EnumSet.of(StateFeature.ETAG,
            StateFeature.TRANSACTIONAL, StateFeature.QUERY_API, StateFeature.TTL, StateFeature.KEYS_LIKE));

    /** daprd accepts TTLs up to the largest 32-bit integer. */
    private static final long MAX_TTL_SECONDS = Integer.MAX_VALUE;

    private PostgresSettings settings;
    private StateStatements sql;
    private Clock clock;
    private Pool pool;
    private ExpiryCleaner cleaner;

    /** Created by CDI, one instance per Component resource. */
    public PostgresStateStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            settings = PostgresSettings.from(metadata, System.getenv());
            settings.client().warnings().forEach(w -> LOG.warnf("Component '%s': %s", metadata.componentName(), w));
            sql = new StateStatements(settings.tableName(), settings.metadataTableName());
            clock = context.clock();
            pool = PgBuilder.pool().with(settings.client().pool()).connectingTo(settings.client().connect())
                    .using(context.vertx()).build();
            return uni(() -> pool.query("SELECT 1").execute()
                    .compose(v -> new SchemaMigrations(pool, settings.tableName(), settings.metadataTableName()).run()))
                    .invoke(() -> {
                        cleaner = new ExpiryCleaner(context.vertx(), pool, sql, clock,
                                settings.cleanupInterval() != null ? settings.cleanupInterval() : Duration.ZERO);
                        if (settings.cleanupInterval() != null) {
                            cleaner.start();
                        }
                    })
                    .onFailure().call(this::close);
        });
    }

    @Override
    public Set<StateFeature> features() {
        return FEATURES;
    }

    @Override
    public Uni<GetResponse> get(GetRequest request) {
        return uni(() -> pool.preparedQuery(sql.get).execute(tuple(request.key(), now()))).map(rows -> {
            if (rows.size() == 0) {
                return GetResponse.MISSING;
            }
            Row row = rows.iterator().next();
            return response(row.getString(0), row.getBoolean(1), row.getString(2), row.getOffsetDateTime(3));
        });
    }

    /** One query for all keys; answers in the order asked, missing keys as {@link GetResponse#MISSING}. */
    @Override
    public Uni<List<BulkGetItem>> bulkGet(List<GetRequest> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] keys = requests.stream().map(GetRequest::key).toArray(String[]::new);
        return uni(() -> pool.preparedQuery(sql.bulkGet).execute(tuple(keys, now()))).map(rows -> {
            Map<String, BulkGetItem> found = new HashMap<>();
            for (Row row : rows) {
                String key = row.getString(0);
                try {
                    found.put(key, new BulkGetItem(key, response(row.getString(1), row.getBoolean(2),
                            row.getString(3), row.getOffsetDateTime(4)), null));
                } catch (IllegalStateException e) {
                    found.put(key, new BulkGetItem(key, GetResponse.MISSING, e.getMessage()));
                }
            }
            List<BulkGetItem> items = new ArrayList<>(requests.size());
            for (GetRequest r : requests) {
                items.add(found.getOrDefault(r.key(), new BulkGetItem(r.key(), GetResponse.MISSING, null)));
            }
            return items;
        });
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        return uni(() -> set(pool, request));
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        return uni(() -> delete(pool, request));
    }

    @Override
    public Uni<Void> multi(List<StateOperation> operations, Map<String, String> metadata) {
        if (operations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return uni(() -> pool.withTransaction(conn -> {
            Future<Void> chain = Future.succeededFuture();
            for (StateOperation op : operations) {
                chain = chain
                        .compose(v -> op instanceof SetRequest s ? set(conn, s) : delete(conn, (DeleteRequest) op));
            }
            return chain;
        }));
    }

    @Override
    public Uni<QueryResponse> query(String query, Map<String, String> metadata) {
        return Uni.createFrom().deferred(() -> {
            QueryTranslator.Translated t = QueryTranslator.translate(query, settings.tableName(), now());
            return uni(() -> pool.preparedQuery(t.sql()).execute(Tuple.from(t.params()))).map(rows -> {
                List<QueryItem> items = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    try {
                        items.add(new QueryItem(row.getString(0),
                                StoredValue.decode(row.getString(1), row.getBoolean(2)), row.getString(3), null, null));
                    } catch (IllegalStateException e) {
                        items.add(new QueryItem(row.getString(0), new byte[0], row.getString(3), e.getMessage(), null));
                    }
                }
                // a full page may have a successor; a short one is the last
                String token = t.limit() > 0 && items.size() == t.limit()
                        ? Long.toString(t.offset() + items.size())
                        : null;
                return new QueryResponse(items, token, Map.of());
            });
        });
    }

    /** Pages follow {@code row_id} (insertion order); the token is the last row_id returned. */
    @Override
    public Uni<KeysPage> keysLike(String pattern, String continuationToken, int pageSize) {
        return Uni.createFrom().deferred(() -> {
            if (pattern == null || pattern.isEmpty()) {
                throw new IllegalArgumentException("keys like pattern must not be empty");
            }
            long after = continuationToken == null || continuationToken.isEmpty()
                    ? Long.MIN_VALUE
                    : parseToken(continuationToken);
            Long limit = pageSize > 0 ? pageSize + 1L : null;
            return uni(() -> pool.preparedQuery(sql.keysLike).execute(tuple(pattern, now(), after, limit)))
                    .map(rows -> page(rows, pageSize));
        });
    }

    @Override
    public Uni<Void> close() {
        if (cleaner != null) {
            cleaner.stop();
            cleaner = null;
        }
        Pool p = pool;
        pool = null;
        return p == null ? Uni.createFrom().voidItem() : uni(p::close);
    }

    /** Runs one clean-up of expired rows now, as the timer does (for tests). */
    Uni<Long> cleanupExpired() {
        return cleaner == null ? Uni.createFrom().item(0L) : uni(cleaner::runOnce);
    }

    private Future<Void> set(SqlClient client, SetRequest r) {
        try {
            requireKey(r.key());
            StoredValue v = StoredValue.encode(r.value(), r.metadata());
            OffsetDateTime now = now();
            OffsetDateTime expire = expiry(r, now);
            Future<RowSet<Row>> write;
            boolean conditional = true;
            if (hasETag(r.etag())) {
                write = client.preparedQuery(sql.updateIfETag)
                        .execute(tuple(r.key(), v.json(), v.binary(), expire, xid(r.etag()), now));
            } else if (r.options().firstWrite()) {
                write = client.preparedQuery(sql.insertIfAbsent)
                        .execute(tuple(r.key(), v.json(), v.binary(), expire, now));
            } else {
                conditional = false;
                write = client.preparedQuery(sql.upsert).execute(tuple(r.key(), v.json(), v.binary(), expire));
            }
            return conditional ? write.compose(rows -> expectOne(rows, r.key())) : write.mapEmpty();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Void> delete(SqlClient client, DeleteRequest r) {
        try {
            requireKey(r.key());
            if (!hasETag(r.etag())) {
                return client.preparedQuery(sql.delete).execute(tuple(r.key())).mapEmpty();
            }
            return client.preparedQuery(sql.deleteIfETag).execute(tuple(r.key(), xid(r.etag()), now()))
                    .compose(rows -> expectOne(rows, r.key()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** A conditional write that changed no row found the key absent, expired or at another version. */
    private static Future<Void> expectOne(RowSet<Row> rows, String key) {
        return rows.rowCount() == 1 ? Future.succeededFuture() : Future.failedFuture(new ETagMismatchException(key));
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("missing key");
        }
    }

    private static boolean hasETag(String etag) {
        return etag != null && !etag.isEmpty();
    }

    /** An ETag is an xid: an unsigned 32-bit decimal. Normalised so {@code 007} matches {@code 7}. */
    static String xid(String etag) {
        if (etag.length() <= 10 && etag.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long n = Long.parseLong(etag);
            if (n <= 0xFFFF_FFFFL) {
                return Long.toString(n);
            }
        }
        throw new ETagInvalidException(etag);
    }

    /** {@code ttlInSeconds}: positive sets an expiry; {@code 0}, {@code -1} or none clear it, as in daprd. */
    private static OffsetDateTime expiry(SetRequest r, OffsetDateTime now) {
        Long ttl = r.ttlSeconds().orElse(null);
        if (ttl == null || ttl == 0 || ttl == -1) {
            return null;
        }
        if (ttl < -1 || ttl > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException(
                    "incorrect value for metadata '" + SetRequest.TTL_IN_SECONDS + "': must be -1 or greater");
        }
        return now.plusSeconds(ttl);
    }

    private static GetResponse response(String json, boolean binary, String etag, OffsetDateTime expireDate) {
        Map<String, String> md = expireDate == null
                ? Map.of()
                : Map.of(GetResponse.TTL_EXPIRE_TIME, DateTimeFormatter.ISO_INSTANT
                        .format(expireDate.toInstant().truncatedTo(ChronoUnit.SECONDS)));
        return new GetResponse(StoredValue.decode(json, binary), etag, md, null);
    }

    private static long parseToken(String token) {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid continue token '" + token + "'");
        }
    }

    private static KeysPage page(RowSet<Row> rows, int pageSize) {
        List<String> keys = new ArrayList<>(rows.size());
        List<Long> rowIds = new ArrayList<>(rows.size());
        for (Row row : rows) {
            keys.add(row.getString(0));
            rowIds.add(row.getLong(1));
        }
        if (pageSize > 0 && keys.size() > pageSize) {
            return new KeysPage(List.copyOf(keys.subList(0, pageSize)), Long.toString(rowIds.get(pageSize - 1)));
        }
        return new KeysPage(List.copyOf(keys), null);
    }

    /** The component clock's time, at the database's precision (microseconds). */
    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** A Tuple that takes nulls (Tuple.of does not say it does). */
    private static Tuple tuple(Object... values) {
        Tuple t = Tuple.tuple();
        for (Object v : values) {
            t.addValue(v);
        }
        return t;
    }

    /** A Vert.x future as a lazy Uni: the work starts on subscription, and throwing fails the Uni. */
    private static <T> Uni<T> uni(Supplier<Future<T>> work) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(work.get().toCompletionStage()));
    }
}
