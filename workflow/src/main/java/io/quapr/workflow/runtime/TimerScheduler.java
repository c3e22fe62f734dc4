package io.quapr.workflow.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The engine's one scheduler thread. Due times are read from an injected {@link Clock} so that a
 * test can move time instead of sleeping ({@link #check} after moving it); the thread wakes for
 * the earliest due task only, and at least once a minute so that a clock that jumps is noticed.
 * Tasks must be short: they start asynchronous work and return.
 */
public final class TimerScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TimerScheduler.class);
    private static final long MAX_SLEEP_MILLIS = 60_000;

    private record Entry(Instant at, long seq, Runnable task) {
    }

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final PriorityQueue<Entry> due = new PriorityQueue<>(
            Comparator.comparing(Entry::at).thenComparingLong(Entry::seq));
    private final AtomicLong seq = new AtomicLong();
    private ScheduledFuture<?> wakeUp;
    private Instant wakeUpAt;

    /** A scheduler on its own daemon thread. */
    public TimerScheduler(Clock clock) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quapr-workflow-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} once the clock reaches {@code at} (at once if it has). */
    public void at(Instant at, Runnable task) {
        synchronized (this) {
            due.add(new Entry(at, seq.incrementAndGet(), task));
            if (wakeUpAt != null && !at.isBefore(wakeUpAt)) {
                return;
            }
        }
        executor.execute(this::check);
    }

    /** Runs {@code task} after a real-time delay (leases: they measure elapsed time, not the clock). */
    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return executor.schedule(() -> runSafely(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs every task whose time has come, then sleeps until the next one. */
    public void check() {
        List<Entry> ready = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            while (!due.isEmpty() && !due.peek().at().isAfter(now)) {
                ready.add(due.poll());
            }
            if (wakeUp != null) {
                wakeUp.cancel(false);
                wakeUp = null;
                wakeUpAt = null;
            }
            if (!due.isEmpty() && !executor.isShutdown()) {
                wakeUpAt = due.peek().at();
                long sleep = Math.min(MAX_SLEEP_MILLIS, Math.max(0, Duration.between(now, wakeUpAt).toMillis()));
                wakeUp = executor.schedule(this::check, sleep, TimeUnit.MILLISECONDS);
            }
        }
        ready.forEach(e -> runSafely(e.task()));
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("workflow scheduler task failed", e);
        }
    }

    /** How many tasks wait. */
    public synchronized int pending() {
        return due.size();
    }

    /** Stops the thread; pending tasks are dropped (durable timers are still in the backend). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
