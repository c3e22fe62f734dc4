package io.quapr.sidecar.testing.invoke;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * Writes rows into the test sidecar's {@code nameresolution.sqlite} file, so that an app id
 * resolves to an address of the test's choosing (often this same sidecar's internal port,
 * making it both caller and callee).
 */
public final class PeerRegistry {

    /** The file the test configurations point {@code nameresolution.sqlite} at. */
    public static final String URL = "jdbc:sqlite:target/test-data/nameresolution.db";

    private PeerRegistry() {
    }

    /**
     * Registers (or moves) one app.
     *
     * @param appId the app id to resolve
     * @param address {@code host:port} of its internal gRPC server; addresses are unique in the
     *        table, so use {@code localhost} for this sidecar (it registers itself as {@code 127.0.0.1})
     */
    public static void register(String appId, String address) throws SQLException {
        // the driver directly: DriverManager does not see it from a restarted application's class loader
        try (Connection c = new SQLiteConfig().createConnection(URL);
                PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO hosts (registration_id, address,"
                        + " app_id, namespace, last_update) VALUES (?, ?, ?, '', unixepoch(CURRENT_TIMESTAMP))")) {
            ps.setString(1, "test-" + appId);
            ps.setString(2, address);
            ps.setString(3, appId);
            ps.executeUpdate();
        }
    }
}
