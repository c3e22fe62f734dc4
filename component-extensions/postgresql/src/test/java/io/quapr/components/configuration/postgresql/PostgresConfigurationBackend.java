package io.quapr.components.configuration.postgresql;

import io.quapr.components.postgresql.ClientOptions;
import io.quapr.components.postgresql.ConnectionString;
import io.quapr.conformance.ConfigurationBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes items for the configuration suite into the table daprd's documentation lays out, with
 * the documented trigger that notifies {@code {"table", "action", "data"}} on the channel. An
 * item is updated in place (inserted when new), so each write is one notification.
 */
public class PostgresConfigurationBackend implements ConfigurationBackend {

    private Vertx vertx;
    private Pool pool;
    private String table;

    @Override
    public String daprType() {
        return "configuration.postgresql";
    }

    @Override
    public void open(Map<String, String> metadata) throws Exception {
        table = metadata.get("table");
        String channel = metadata.get("notifyChannel");
        vertx = Vertx.vertx();
        ClientOptions.Built options = ClientOptions.build(ConnectionString.parse(metadata.get("connectionString")),
                Map.of(), Duration.ofSeconds(10), 2, null, null);
        pool = PgBuilder.pool().with(options.pool()).connectingTo(options.connect()).using(vertx).build();
        run("CREATE TABLE IF NOT EXISTS " + table
                + " (key VARCHAR NOT NULL, value VARCHAR NOT NULL, version VARCHAR NOT NULL, metadata JSON)");
        run("CREATE OR REPLACE FUNCTION " + table + "_event() RETURNS TRIGGER AS $$\n"
                + "DECLARE data json; notification json;\n"
                + "BEGIN\n"
                + "  IF (TG_OP = 'DELETE') THEN data = row_to_json(OLD); ELSE data = row_to_json(NEW); END IF;\n"
                + "  notification = json_build_object('table', TG_TABLE_NAME, 'action', TG_OP, 'data', data);\n"
                + "  PERFORM pg_notify('" + channel + "', notification::text);\n"
                + "  RETURN NULL;\n"
                + "END;\n$$ LANGUAGE plpgsql");
        run("DROP TRIGGER IF EXISTS " + table + "_trigger ON " + table);
        run("CREATE TRIGGER " + table + "_trigger AFTER INSERT OR UPDATE OR DELETE ON " + table
                + " FOR EACH ROW EXECUTE PROCEDURE " + table + "_event()");
    }

    @Override
    public void set(String key, String value, String version) throws Exception {
        int updated = await(pool.preparedQuery("UPDATE " + table + " SET value = $2, version = $3 WHERE key = $1")
                .execute(Tuple.of(key, value, version))).rowCount();
        if (updated == 0) {
            await(pool.preparedQuery("INSERT INTO " + table + " (key, value, version, metadata) VALUES ($1, $2, $3, "
                    + "'{\"source\":\"conformance\"}')").execute(Tuple.of(key, value, version)));
        }
    }

    @Override
    public void delete(String key) throws Exception {
        await(pool.preparedQuery("DELETE FROM " + table + " WHERE key = $1").execute(Tuple.of(key)));
    }

    private void run(String sql) throws Exception {
        await(pool.query(sql).execute());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (pool != null) {
            await(pool.close());
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }
}
