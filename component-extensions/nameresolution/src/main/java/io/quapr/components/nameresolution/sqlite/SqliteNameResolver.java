package io.quapr.components.nameresolution.sqlite;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.nameresolution.AppNotFoundException;
import io.quapr.spi.nameresolution.NameResolver;
import io.quapr.spi.nameresolution.Registration;
import io.quapr.spi.nameresolution.ResolveRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.sqlite.SQLiteConfig;

/**
 * {@code nameresolution.sqlite}: sidecars on one machine (or sharing a file system) find each
 * other through one SQLite file. Each sidecar writes a row for itself (daprd's {@code hosts}
 * table layout: registration id, address, app id, namespace, last update in Unix seconds) and
 * renews it every {@code updateInterval}; a lookup picks one fresh row of the app at random.
 * This is the sidecar's zero-configuration default, on {@code <data dir>/nameresolution.db}.
 *
 * <p>
 * A row counts as fresh for two update intervals (one missed renewal is tolerated: renewals
 * run on a shared worker pool and the file may be busy); rows older than
 * {@code cleanupInterval} are deleted when a sidecar registers.
 */
@Dependent
@ComponentType("nameresolution.sqlite")
public class SqliteNameResolver implements NameResolver {

    private static final Logger LOG = Logger.getLogger(SqliteNameResolver.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ComponentContext context;
    private Connection connection;
    private String table;
    private Duration updateInterval;
    private Duration cleanupInterval;
    private final String registrationId = UUID.randomUUID().toString();
    private volatile Registration registered;
    private long renewTimer = -1;

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        this.context = context;
        table = metadata.string("tableName", "hosts");
        if (!IDENTIFIER.matcher(table).matches()) {
            return Uni.createFrom().failure(new MetadataException("invalid identifier for table name: " + table));
        }
        updateInterval = metadata.duration("updateInterval", Duration.ofSeconds(5));
        if (updateInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            return Uni.createFrom().failure(new MetadataException("updateInterval must be at least 1s"));
        }
        cleanupInterval = metadata.duration("cleanupInterval", Duration.ofHours(1));
        Duration busy = metadata.duration("busyTimeout", Duration.ofMillis(800));
        String target = metadata.string("connectionString", "");
        String url = jdbcUrl(target.isEmpty() ? context.dataDir().resolve("nameresolution.db").toString() : target);
        return context.executeBlocking(() -> {
            if (url.startsWith("jdbc:sqlite:") && !url.contains(":memory:")) {
                Path file = Path.of(url.substring("jdbc:sqlite:".length()).split("\\?")[0]);
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
            }
            // The driver directly, not DriverManager: DriverManager only hands out drivers visible
            // from the caller's class loader, which fails once an application restarts in-process.
            connection = new SQLiteConfig().createConnection(url);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + busy.toMillis());
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("CREATE TABLE IF NOT EXISTS " + table + " (registration_id TEXT NOT NULL PRIMARY KEY, "
                        + "address TEXT NOT NULL, app_id TEXT NOT NULL, namespace TEXT NOT NULL, "
                        + "last_update INTEGER NOT NULL)");
                s.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + table + "_address_idx ON " + table + " (address)");
                s.execute("CREATE INDEX IF NOT EXISTS " + table + "_last_update_idx ON " + table + " (last_update)");
            }
            return null;
        }).replaceWithVoid();
    }

    /** Dapr's connection strings are file names or {@code file:} URIs; both become a JDBC URL. */
    static String jdbcUrl(String connectionString) {
        String c = connectionString.trim();
        if (c.startsWith("jdbc:sqlite:")) {
            return c;
        }
        if (c.startsWith("file:")) {
            c = c.substring("file:".length());
        }
        return "jdbc:sqlite:" + c;
    }

    @Override
    public Uni<String> resolve(ResolveRequest request) {
        return context.executeBlocking(() -> {
            synchronized (this) {
                try (PreparedStatement ps = connection.prepareStatement("SELECT address FROM " + table
                        + " WHERE app_id = ? AND namespace = ? AND unixepoch(CURRENT_TIMESTAMP) - last_update <= ?"
                        + " ORDER BY RANDOM() LIMIT 1")) {
                    ps.setString(1, request.appId());
                    ps.setString(2, request.namespace());
                    ps.setLong(3, 2 * updateInterval.toSeconds());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return rs.getString(1);
                        }
                    }
                }
            }
            throw new AppNotFoundException("no sidecar registered for app id " + request.appId()
                    + (request.namespace().isEmpty() ? "" : " in namespace " + request.namespace()));
        });
    }

    @Override
    public Uni<Void> register(Registration self) {
        return context.executeBlocking(() -> {
            synchronized (this) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE unixepoch(CURRENT_TIMESTAMP) - last_update > ?")) {
                    ps.setLong(1, cleanupInterval.toSeconds());
                    ps.executeUpdate();
                }
                upsert(self);
            }
            registered = self;
            return null;
        }).invoke(() -> renewTimer = context.vertx().setPeriodic(updateInterval.toMillis(), id -> renew()))
                .replaceWithVoid();
    }

    private void renew() {
        Registration self = registered;
        if (self == null) {
            return;
        }
        context.executeBlocking(() -> {
            synchronized (this) {
                upsert(self);
            }
            return null;
        }).subscribe().with(ok -> {
        }, e -> LOG.warnf("could not renew this sidecar's name resolution entry: %s", e.getMessage()));
    }

    /** {@code INSERT OR REPLACE} also takes over the row a crashed sidecar left at the same address. */
    private void upsert(Registration self) throws SQLException {
        if (connection == null || connection.isClosed()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT OR REPLACE INTO " + table
                + " (registration_id, address, app_id, namespace, last_update)"
                + " VALUES (?, ?, ?, ?, unixepoch(CURRENT_TIMESTAMP))")) {
            ps.setString(1, registrationId);
            ps.setString(2, self.address());
            ps.setString(3, self.appId());
            ps.setString(4, self.namespace());
            ps.executeUpdate();
        }
    }

    @Override
    public Uni<Void> close() {
        if (renewTimer >= 0) {
            context.vertx().cancelTimer(renewTimer);
        }
        Registration self = registered;
        registered = null;
        if (connection == null) {
            return Uni.createFrom().voidItem();
        }
        return context.executeBlocking(() -> {
            synchronized (this) {
                if (self != null) {
                    try (PreparedStatement ps = connection
                            .prepareStatement("DELETE FROM " + table + " WHERE registration_id = ?")) {
                        ps.setString(1, registrationId);
                        ps.executeUpdate();
                    }
                }
                connection.close();
            }
            return null;
        }).replaceWithVoid();
    }
}
