package io.quapr.components.kafka;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * One subscription: a Kafka consumer in the component's group, owned by a thread of its own
 * (the Kafka consumer is single-threaded and its calls block, so it never touches an event loop).
 *
 * <p>
 * Delivery is daprd's: messages of one partition are handed to the handler one at a time, in
 * offset order; partitions are handled concurrently. The handler runs on a Vert.x event-loop
 * context; its outcome comes back to the polling thread through a queue (and
 * {@link KafkaConsumer#wakeup()}), so all consumer calls stay on that thread.
 *
 * <p>
 * At least once: the offset committed for a partition is always just past a message whose
 * handler completed, and never past one that did not. A handler failure seeks the partition back
 * to that message, so it and everything after it are delivered again, in order, after a pause
 * ({@code consumeRetryInterval}, doubled for each failure in a row, at most
 * {@link KafkaSettings#MAX_PAUSE}). That is the broker's redelivery, not a retry policy: retries,
 * dead letters and drops are the sidecar's. Offsets are committed every
 * {@link #COMMIT_EVERY}, when partitions are revoked (after waiting up to {@link #REVOKE_WAIT}
 * for the messages in flight), and on cancel; a new partition's start position is committed at
 * once, so that a partition moving to another member before anything else was committed never
 * skips what this member had not finished.
 *
 * <p>
 * Fetching is paused for a partition while it has fetched messages waiting or is pausing after a
 * failure, so memory stays bounded by one poll per partition.
 */
public final class TopicSubscription implements ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(TopicSubscription.class);

    /** The longest a poll waits when nothing happens; bounds how late a pause ends. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** How often completed offsets are committed while messages flow. */
    static final Duration COMMIT_EVERY = Duration.ofMillis(200);
    /** How long a revocation waits for messages in flight, so their offsets are committed. */
    private static final Duration REVOKE_WAIT = Duration.ofSeconds(5);
    /** The bound on the final commit and on leaving the group. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** The longest the subscribe call waits for the first assignment. */
    static final Duration JOIN_WAIT = Duration.ofSeconds(5);
    /** The longest pause between polls after a consumer error. */
    private static final Duration MAX_ERROR_PAUSE = Duration.ofSeconds(30);
    /** Numbers the polling threads, whose names would otherwise repeat. */
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String name;
    private final List<String> topics;
    private final KafkaSettings settings;
    private final Function<ConsumerRecord<byte[], byte[]>, Uni<?>> handler;
    private final Vertx vertx;
    private final Thread thread;
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    /** Completes at the first assignment, or exceptionally when the consumer cannot be made. */
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** Held while a message is handed to the handler, and when delivery stops for good. */
    private final Object handOver = new Object();

    // owned by the polling thread
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;
    private Context handlerContext;
    private long lastCommit = System.nanoTime();

    private volatile KafkaConsumer<byte[], byte[]> wakeable;
    private volatile boolean cancelled;
    private boolean delivering = true; // guarded by handOver

    /**
     * A subscription not started yet.
     *
     * @param componentName the component's name, for the polling thread's name and the logs
     * @param topics the topics the consumer subscribes to, in the settings' group
     * @param settings the component's settings
     * @param handler hands one record to the app; an item means it was taken (its offset may be
     *        committed), a failure that it must be delivered again
     * @param vertx the Vert.x instance whose event loop runs the handler
     */
    public TopicSubscription(String componentName, List<String> topics, KafkaSettings settings,
            Function<ConsumerRecord<byte[], byte[]>, Uni<?>> handler, Vertx vertx) {
        this.name = componentName + "/" + String.join(",", topics);
        this.topics = List.copyOf(topics);
        this.settings = settings;
        this.handler = handler;
        this.vertx = vertx;
        this.thread = new Thread(this::run, "quapr-kafka-" + THREADS.incrementAndGet() + "-" + name);
        thread.setDaemon(true);
    }

    /**
     * Starts polling.
     *
     * @return completes once the consumer has its first assignment (so a message published
     *         afterwards reaches it even with {@code initialOffset: newest}), or after
     *         {@link #JOIN_WAIT} if the group is slow to form (polling goes on regardless); fails
     *         if the consumer cannot be created
     */
    public CompletableFuture<Void> start() {
        thread.start();
        return joined.copy().completeOnTimeout(null, JOIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops polling and leaves the group; nothing in flight is acknowledged.
     *
     * @return completes once no more records will be handed to the handler
     */
    public Uni<Void> cancel() {
        cancelled = true;
        KafkaConsumer<byte[], byte[]> c = wakeable;
        if (c != null) {
            c.wakeup();
        }
        return Uni.createFrom().completionStage(stopped.copy());
    }

    // ---------------------------------------------------------------------------------------
    // the polling thread

    private void run() {
        try {
            consumer = new KafkaConsumer<>(settings.consumer(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            handlerContext = vertx.getOrCreateContext();
            wakeable = consumer;
            lookUpTopic();
            consumer.subscribe(topics, this);
        } catch (RuntimeException e) {
            joined.completeExceptionally(e);
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            }
            finish();
            return;
        }
        try {
            Duration errorPause = Duration.ZERO;
            while (!cancelled) {
                try {
                    take(poll());
                    errorPause = Duration.ZERO;
                } catch (KafkaException e) {
                    // what the client does not recover from by itself (an unknown topic when the
                    // broker creates none, authorization): keep trying, as daprd's consume loop does
                    errorPause = errorPause.isZero()
                            ? Duration.ofSeconds(1)
                            : min(errorPause.multipliedBy(2), MAX_ERROR_PAUSE);
                    LOG.warnf("kafka %s: consuming failed, trying again in %d ms: %s", name, errorPause.toMillis(),
                            e.toString());
                    pauseAfterError(errorPause);
                }
                applyOutcomes();
                dispatch();
                adjustPauses();
                commitIfDue();
            }
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "kafka %s: the consumer stopped", name);
        } finally {
            stopDelivering();
            applyOutcomes();
            commitSync(dirtyOffsets(partitions.values()));
            try {
                consumer.close(CloseOptions.timeout(CLOSE_WAIT));
            } catch (RuntimeException e) {
                LOG.debugf(e, "kafka %s: closing the consumer", name);
            }
            finish();
        }
    }

    /**
     * Asks for the topic's metadata before joining: a broker that creates topics on first use
     * creates it now, so the first assignment already holds its partitions. Without such a
     * broker the subscription waits for the topic to appear.
     */
    private void lookUpTopic() {
        try {
            for (String topic : topics) {
                unwoken(() -> consumer.partitionsFor(topic, JOIN_WAIT));
            }
        } catch (KafkaException e) {
            LOG.debugf("kafka %s: no metadata for the topics yet: %s", name, e.toString());
        }
    }

    private void finish() {
        joined.complete(null);
        stopped.complete(null);
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        try {
            return consumer.poll(pollTimeout());
        } catch (WakeupException e) {
            // a handler finished, or cancel: the loop looks at both
            return ConsumerRecords.empty();
        }
    }

    /**
     * {@link #POLL}, or less when a partition's pause after a failure ends sooner: nothing wakes
     * the poll then, and a short {@code consumeRetryInterval} would otherwise last a whole poll.
     */
    private Duration pollTimeout() {
        long now = System.nanoTime();
        long wait = POLL.toNanos();
        for (PartitionState s : partitions.values()) {
            if (s.pausing(now)) {
                wait = Math.min(wait, s.resumeAt - now);
            }
        }
        return Duration.ofNanos(Math.max(wait, 0));
    }

    private void take(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            PartitionState s = partitions.get(tp);
            if (s != null) {
                s.buffer.addAll(records.records(tp));
            }
        }
    }

    private void dispatch() {
        long now = System.nanoTime();
        for (PartitionState s : partitions.values()) {
            if (s.inFlight == null && !s.buffer.isEmpty() && !s.pausing(now)) {
                hand(s, s.buffer.poll());
            }
        }
    }

    private void hand(PartitionState s, ConsumerRecord<byte[], byte[]> record) {
        s.inFlight = record;
        handlerContext.runOnContext(v -> {
            Uni<?> outcome;
            synchronized (handOver) {
                if (!delivering) {
                    return; // cancelled meanwhile: never handed over, so never acknowledged
                }
                try {
                    outcome = handler.apply(record);
                } catch (RuntimeException e) {
                    outcome = Uni.createFrom().failure(e);
                }
            }
            if (outcome == null) {
                outcome = Uni.createFrom().failure(new NullPointerException("the handler returned no Uni"));
            }
            outcome.subscribe().with(ok -> done(s, record, null), err -> done(s, record, err));
        });
    }

    /** Runs wherever the handler completes: hands the outcome to the polling thread. */
    private void done(PartitionState s, ConsumerRecord<byte[], byte[]> record, Throwable failure) {
        outcomes.add(new Outcome(s, record, failure));
        KafkaConsumer<byte[], byte[]> c = wakeable;
        if (c != null) {
            c.wakeup();
        }
    }

    private void applyOutcomes() {
        for (Outcome o = outcomes.poll(); o != null; o = outcomes.poll()) {
            apply(o);
        }
    }

    private void apply(Outcome o) {
        PartitionState s = o.state;
        if (partitions.get(s.tp) != s || s.inFlight != o.record) {
            return; // the partition was revoked or lost since: its new owner delivers it again
        }
        s.inFlight = null;
        if (o.failure == null) {
            s.done = o.record.offset() + 1;
            s.failures = 0;
            return;
        }
        s.failures++;
        Duration pause = min(settings.redeliveryPause().multipliedBy(1L << Math.min(s.failures - 1, 20)),
                KafkaSettings.MAX_PAUSE);
        s.resumeAt = System.nanoTime() + pause.toNanos();
        s.buffer.clear();
        consumer.seek(s.tp, o.record.offset());
        LOG.debugf("kafka %s: record %s-%d at offset %d not taken (%s); delivering it again in %d ms", name,
                s.tp.topic(), s.tp.partition(), o.record.offset(), o.failure, pause.toMillis());
    }

    private void adjustPauses() {
        long now = System.nanoTime();
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (PartitionState s : partitions.values()) {
            boolean hold = !s.buffer.isEmpty() || s.pausing(now);
            if (hold && !s.paused) {
                pause.add(s.tp);
            } else if (!hold && s.paused) {
                resume.add(s.tp);
            }
            s.paused = hold;
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommit < COMMIT_EVERY.toNanos()) {
            return;
        }
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = dirtyOffsets(partitions.values());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error == null) {
                return;
            }
            // offered again at the next round: a later commit covers this one anyway
            LOG.debugf("kafka %s: committing offsets failed: %s", name, error.toString());
            committed.keySet().forEach(tp -> {
                PartitionState s = partitions.get(tp);
                if (s != null) {
                    s.committed = -1;
                }
            });
        });
    }

    /** The offsets completed but not yet committed, marked as committed. */
    private static Map<TopicPartition, OffsetAndMetadata> dirtyOffsets(Collection<PartitionState> states) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState s : states) {
            if (s.done > s.committed) {
                offsets.put(s.tp, new OffsetAndMetadata(s.done));
                s.committed = s.done;
            }
        }
        return offsets;
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            unwoken(() -> {
                consumer.commitSync(offsets, CLOSE_WAIT);
                return null;
            });
        } catch (RuntimeException e) {
            // those messages are delivered again by whoever owns the partitions next
            LOG.warnf("kafka %s: committing offsets %s failed: %s", name, offsets, e.toString());
        }
    }

    private void stopDelivering() {
        synchronized (handOver) {
            delivering = false;
        }
    }

    // ---------------------------------------------------------------------------------------
    // rebalances: called by the consumer inside poll() or close(), on the polling thread

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            partitions.put(tp, new PartitionState(tp));
        }
        if (!assigned.isEmpty()) {
            commitStartPositions(assigned);
        }
        LOG.debugf("kafka %s: assigned %s", name, assigned);
        joined.complete(null);
    }

    /**
     * Where the group has no committed offset for a partition, resolves the start position now
     * ({@code initialOffset}) and commits it. Otherwise, with {@code newest}, a partition that
     * moved to another member before anything was committed would start over at its end there,
     * skipping the messages this member had not finished: lost. Resolving it now also means a
     * message published once subscribe() has returned is never skipped.
     */
    private void commitStartPositions(Collection<TopicPartition> assigned) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = unwoken(
                    () -> consumer.committed(new HashSet<>(assigned), JOIN_WAIT));
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition tp : assigned) {
                if (committed.get(tp) == null) {
                    long position = unwoken(() -> consumer.position(tp, JOIN_WAIT));
                    start.put(tp, new OffsetAndMetadata(position));
                    partitions.get(tp).committed = position;
                }
            }
            commitSync(start);
        } catch (KafkaException e) {
            LOG.warnf("kafka %s: cannot commit the start positions of %s: %s", name, assigned, e.toString());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        List<PartitionState> leaving = new ArrayList<>();
        for (TopicPartition tp : revoked) {
            PartitionState s = partitions.get(tp);
            if (s != null) {
                leaving.add(s);
            }
        }
        // let messages in flight finish for a moment, so that their new owner does not deliver
        // them a second time; not on cancel, which acknowledges nothing in flight
        long deadline = System.nanoTime() + REVOKE_WAIT.toNanos();
        while (!cancelled && leaving.stream().anyMatch(s -> s.inFlight != null)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Outcome o = outcomes.poll(left, TimeUnit.NANOSECONDS);
                if (o != null) {
                    apply(o);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        commitSync(dirtyOffsets(leaving));
        revoked.forEach(partitions::remove);
        LOG.debugf("kafka %s: revoked %s", name, revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        // another member may own them already: committing now could move its offsets backwards
        lost.forEach(partitions::remove);
        LOG.debugf("kafka %s: lost %s", name, lost);
    }

    /**
     * Runs a consumer call that a {@link KafkaConsumer#wakeup()} from a finishing handler may
     * interrupt; the handler's outcome is already queued, so the call is simply made again.
     */
    private static <T> T unwoken(Supplier<T> call) {
        for (int i = 0;; i++) {
            try {
                return call.get();
            } catch (WakeupException e) {
                if (i >= 100) {
                    throw e;
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Waits, still taking handler outcomes, and stops waiting on cancel. */
    private void pauseAfterError(Duration pause) {
        long end = System.nanoTime() + pause.toNanos();
        while (!cancelled && System.nanoTime() - end < 0) {
            try {
                Outcome o = outcomes.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (o != null) {
                    apply(o);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A partition this subscription owns now; replaced by a new one on every assignment. */
    private static final class PartitionState {
        final TopicPartition tp;
        /** Fetched, not yet handed over, in offset order. */
        final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
        /** The message the handler has now, or {@code null}. */
        ConsumerRecord<byte[], byte[]> inFlight;
        /** The offset to commit: one past the last message handled, or -1. */
        long done = -1;
        /** The offset last committed (or being committed), or -1. */
        long committed = -1;
        /** Failures in a row; sets the pause before the next delivery. */
        int failures;
        /** When the pause after a failure ends ({@link System#nanoTime()}). */
        long resumeAt;
        /** Whether fetching is paused for it. */
        boolean paused;

        PartitionState(TopicPartition tp) {
            this.tp = tp;
        }

        boolean pausing(long now) {
            return failures > 0 && now - resumeAt < 0;
        }
    }

    /** A handler's outcome for one message; {@code failure} is {@code null} when it was taken. */
    private record Outcome(PartitionState state, ConsumerRecord<byte[], byte[]> record, Throwable failure) {
    }
}
