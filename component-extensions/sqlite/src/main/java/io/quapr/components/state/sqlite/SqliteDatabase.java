package io.quapr.components.state.sqlite;

import io.vertx.core.Vertx;
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
import org.sqlite.SQLiteConnection;

/**
 * The connections to one SQLite database, and the rules that keep them from tripping over each
 * other.
 *
 * <p>
 * SQLite lets one writer in at a time, so every write runs on the one writer connection under a
 * fair lock, in arrival order: a write never meets {@code SQLITE_BUSY} from this process, only
 * (after {@code busyTimeout}) from another process sharing the file. Reads run on a few reader
 * connections of their own, which WAL lets proceed while a write is under way. An in-memory
 * database is private to its connection, so there everything shares the writer.
 *
 * <p>
 * Each operation has {@code timeout} in all, waiting for its connection included; one still
 * running at its deadline is interrupted ({@code sqlite3_interrupt}) and fails with
 * {@link SQLTimeoutException}. JDBC's own query timeout is not used: sqlite-jdbc implements it by
 * replacing the connection's busy timeout, which would override {@code busyTimeout}.
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

    private final Vertx vertx;
    private final SqliteOptions options;
    private final Slot writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Slot> readers;
    private final List<Slot> allReaders;
    private final int readerCount;
    private volatile boolean closed;

    private SqliteDatabase(Vertx vertx, SqliteOptions options, Slot writer, List<Slot> readers) {
        this.vertx = vertx;
        this.options = options;
        this.writer = writer;
        this.readerCount = readers.size();
        this.allReaders = List.copyOf(readers);
        this.readers = new ArrayBlockingQueue<>(Math.max(1, readers.size()), true, readers);
    }

    /**
     * Opens the writer (creating the file's folders when it may be written), sets the journal
     * mode, then opens the readers.
     *
     * @param vertx whose timers enforce the per-operation timeout
     */
    static SqliteDatabase open(SqliteOptions options, Vertx vertx) throws SQLException, IOException {
        ConnectionTarget target = options.target();
        if (target.file() != null && !target.readOnly() && target.file().getParent() != null) {
            Files.createDirectories(target.file().getParent());
        }
        List<Connection> opened = new ArrayList<>();
        try {
            SQLiteConnection writer = connect(options);
            opened.add(writer);
            setJournalMode(writer, options);
            List<Slot> readers = new ArrayList<>();
            for (int i = 0; !target.memory() && i < READERS; i++) {
                SQLiteConnection reader = connect(options);
                opened.add(reader);
                readers.add(new Slot(reader));
            }
            return new SqliteDatabase(vertx, options, new Slot(writer), readers);
        } catch (SQLException | RuntimeException e) {
            for (Connection c : opened) {
                closeQuietly(c, e);
            }
            throw e;
        }
    }

    private static SQLiteConnection connect(SqliteOptions options) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(options.busyTimeoutMillis());
        SQLiteConnection c = (SQLiteConnection) config.createConnection(options.target().jdbcUrl());
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
        long deadline = System.nanoTime() + options.timeout().toNanos();
        try {
            if (!writeLock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new SQLTimeoutException("timed out after " + options.timeout() + " waiting for the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for the writer", e);
        }
        try {
            return run(writer, deadline, work);
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
            execute(c, options.target().beginStatement());
            T result;
            try {
                result = work.apply(c);
                execute(c, "COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    execute(c, "ROLLBACK");
                } catch (SQLException r) {
                    // SQLite may have rolled back already (an interrupt, a failed COMMIT after an I/O error)
                    e.addSuppressed(r);
                }
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
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Slot reader;
        try {
            reader = readers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for a reader connection", e);
        }
        if (reader == null) {
            throw new SQLTimeoutException("timed out after " + options.timeout() + " waiting for a reader connection");
        }
        try {
            return run(reader, deadline, work);
        } finally {
            readers.add(reader);
        }
    }

    /** Runs work on a connection this thread holds, interrupting it at the deadline. */
    private <T> T run(Slot slot, long deadline, Work<T> work) throws SQLException {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs < 1) {
            throw new SQLTimeoutException("timed out after " + options.timeout() + " waiting for a connection");
        }
        Object token = new Object();
        if (closed || !slot.begin(token)) {
            throw new SQLException("the SQLite state store is closed");
        }
        long timer = vertx.setTimer(remainingMs, id -> slot.interruptIfStill(token));
        try {
            return work.apply(slot.connection);
        } catch (SQLException e) {
            if (slot.wasInterrupted(token)) {
                SQLTimeoutException t = new SQLTimeoutException("the operation took longer than " + options.timeout());
                t.initCause(e);
                throw t;
            }
            throw e;
        } finally {
            vertx.cancelTimer(timer);
            slot.end();
        }
    }

    /**
     * Closes every connection: a write under way may finish first (waiting at most the
     * timeout); a read under way closes its connection when it ends. Later calls fail.
     */
    @Override
    public void close() {
        closed = true;
        boolean locked = false;
        try {
            locked = writeLock.tryLock(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
            for (Slot reader : allReaders) {
                reader.close();
            }
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void closeQuietly(Connection c, Throwable cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * A connection and the operation running on it, so that a deadline interrupts that operation
     * and never a later one, and a close waits for the operation to end: beginning, ending,
     * interrupting and closing are serialised on the slot.
     */
    private static final class Slot {

        final SQLiteConnection connection;
        private Object running;
        private Object interrupted;
        private boolean closing;

        Slot(SQLiteConnection connection) {
            this.connection = connection;
        }

        /** Marks an operation as running; {@code false} once the slot is closing. */
        synchronized boolean begin(Object token) {
            if (closing) {
                return false;
            }
            running = token;
            interrupted = null;
            return true;
        }

        synchronized void interruptIfStill(Object token) {
            if (running == token) {
                interrupted = token;
                try {
                    connection.getDatabase().interrupt();
                } catch (SQLException e) {
                    LOG.debug("could not interrupt a SQLite operation", e);
                }
            }
        }

        synchronized boolean wasInterrupted(Object token) {
            return interrupted == token;
        }

        synchronized void end() {
            running = null;
            if (closing) {
                closeNow();
            }
        }

        /** Closes the connection now if idle, else when the running operation ends. */
        synchronized void close() {
            closing = true;
            if (running == null) {
                closeNow();
            }
        }

        private void closeNow() {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("failed to close a SQLite connection", e);
            }
        }
    }
}
