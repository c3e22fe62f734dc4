package io.quapr.components.state.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.sqlite.SQLiteConfig;

/**
 * The connections to one SQLite database, and the rule that keeps them from tripping over each
 * other: SQLite lets one writer in at a time, so every write runs on the one writer connection
 * under a fair lock, in arrival order; a write never meets {@code SQLITE_BUSY} from this
 * process, only (after {@code busyTimeout}) from another process sharing the file. Reads run on
 * a few reader connections of their own, which WAL lets proceed while a write is under way. An
 * in-memory database is private to its connection, so there everything shares the writer.
 *
 * <p>
 * All methods block: callers run them on a worker thread.
 */
final class SqliteDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SqliteDatabase.class);

    /** Reader connections for a file database; reads beyond this many wait their turn. */
    static final int READERS = 4;

    /** Work done with a connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Connection> readers;
    private final int readerCount;
    private final SqliteOptions options;
    private volatile boolean closed;

    private SqliteDatabase(Connection writer, List<Connection> readers, SqliteOptions options) {
        this.writer = writer;
        this.readerCount = readers.size();
        this.readers = new ArrayBlockingQueue<>(Math.max(1, readers.size()), true, readers);
        this.options = options;
    }

    /**
     * Opens the writer (creating the file and its folders when allowed), sets the journal mode,
     * then opens the readers.
     */
    static SqliteDatabase open(SqliteOptions options) throws SQLException, IOException {
        ConnectionTarget target = options.target();
        if (target.file() != null && !target.readOnly() && target.file().getParent() != null) {
            Files.createDirectories(target.file().getParent());
        }
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = connect(options);
            opened.add(writer);
            setJournalMode(writer, options);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; !target.memory() && i < READERS; i++) {
                Connection reader = connect(options);
                opened.add(reader);
                readers.add(reader);
            }
            return new SqliteDatabase(writer, readers, options);
        } catch (SQLException | RuntimeException e) {
            for (Connection c : opened) {
                closeQuietly(c, e);
            }
            throw e;
        }
    }

    private static Connection connect(SqliteOptions options) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(options.busyTimeoutMillis());
        Connection c = config.createConnection(options.target().jdbcUrl());
        try (Statement s = c.createStatement()) {
            for (String pragma : options.target().pragmas()) {
                s.execute("PRAGMA " + pragma);
            }
        } catch (SQLException e) {
            closeQuietly(c, e);
            throw e;
        }
        return c;
    }

    private static void setJournalMode(Connection writer, SqliteOptions options) throws SQLException {
        ConnectionTarget target = options.target();
        if (target.readOnly()) {
            return; // changing it would be a write; the file keeps whatever mode it has
        }
        // WAL lets readers work during a write; a network file system cannot share its index
        String wanted = target.memory() ? "MEMORY" : options.disableWal() ? "DELETE" : "WAL";
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode = " + wanted)) {
            String actual = rs.next() ? rs.getString(1) : "";
            if (!wanted.equalsIgnoreCase(actual)) {
                LOG.warnf("SQLite database %s runs in journal mode '%s' instead of '%s'",
                        target.file() == null ? ":memory:" : target.file(), actual, wanted);
            }
        }
    }

    /** Runs {@code work} on the writer, alone: every write of this process queues here. */
    <T> T write(Work<T> work) throws SQLException {
        acquireWriter();
        try {
            ensureOpen();
            return work.apply(writer);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} on the writer inside one transaction, begun as {@code _txlock} says:
     * committed when it returns, rolled back when it throws.
     */
    <T> T transaction(Work<T> work) throws SQLException {
        return write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(options.target().beginStatement());
            }
            T result;
            try {
                result = work.apply(c);
                try (Statement s = c.createStatement()) {
                    s.execute("COMMIT");
                }
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
            return result;
        });
    }

    /** Runs {@code work} on a reader connection (on the writer for an in-memory database). */
    <T> T read(Work<T> work) throws SQLException {
        if (readerCount == 0) {
            return write(work);
        }
        Connection reader;
        try {
            reader = readers.poll(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for a reader connection", e);
        }
        if (reader == null) {
            throw new SQLTimeoutException("timed out after " + options.timeout() + " waiting for a reader connection");
        }
        try {
            ensureOpen();
            return work.apply(reader);
        } finally {
            readers.add(reader);
        }
    }

    /** Sets the per-operation timeout on a statement this class's callers create. */
    void limit(Statement statement) throws SQLException {
        statement.setQueryTimeout(options.timeoutSeconds());
    }

    /**
     * Closes every connection once the operations under way have finished (each waits at most
     * the timeout); later calls fail.
     */
    @Override
    public void close() throws SQLException {
        closed = true;
        SQLException failure = null;
        boolean locked = false;
        try {
            locked = writeLock.tryLock(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < readerCount; i++) {
                Connection reader = readers.poll(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (reader == null) {
                    LOG.warn("a SQLite read did not finish before close");
                    break;
                }
                failure = closeCollecting(reader, failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failure = closeCollecting(writer, failure);
            if (locked) {
                writeLock.unlock();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void acquireWriter() throws SQLException {
        try {
            if (!writeLock.tryLock(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTimeoutException("timed out after " + options.timeout() + " waiting for the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for the writer", e);
        }
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the SQLite state store is closed");
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (a failed COMMIT after an I/O error)
            cause.addSuppressed(e);
        }
    }

    private static SQLException closeCollecting(Connection c, SQLException failure) {
        try {
            c.close();
            return failure;
        } catch (SQLException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }

    private static void closeQuietly(Connection c, Throwable cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
