package io.quapr.sidecar.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the log records at or above a level, from every logger, while open. */
public final class LoudLogs extends Handler implements AutoCloseable {

    private final Level threshold;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LoudLogs(Level threshold) {
        this.threshold = threshold;
    }

    /** Starts collecting records at {@code threshold} or above. */
    public static LoudLogs atLeast(Level threshold) {
        LoudLogs logs = new LoudLogs(threshold);
        Logger.getLogger("").addHandler(logs);
        return logs;
    }

    /** What was collected, one line each: level, logger, message, exception. */
    public List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage() + " "
                + r.getThrown()).toList();
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= threshold.intValue()) {
            records.add(r);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
