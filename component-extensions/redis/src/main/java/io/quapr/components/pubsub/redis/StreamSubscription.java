package io.quapr.components.pubsub.redis;

import io.quapr.components.pubsub.redis.StreamEntries.Entry;
import io.quapr.components.redis.RedisCommands;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One topic's subscription: entries come in from the {@link StreamReader} (new ones) and the
 * {@link PendingReclaimer} (ones left pending), wait in a buffer of at most {@code queueDepth},
 * and go to the handler at most {@code concurrency} at a time. An entry is acknowledged
 * ({@code XACK}) only when the handler succeeds; otherwise it stays in the group's pending list
 * and the reclaimer hands it over again once it has been idle for {@code processingTimeout}.
 * daprd acknowledges failed entries too (its runtime retries before that); our handler's
 * failure means "redeliver", so we do not.
 *
 * <p>
 * Entries this subscription holds (buffered or in the handler) are never reclaimed by it, so a
 * slow handler does not see its own message twice at once.
 */
final class StreamSubscription implements Subscription {

    private static final Logger LOG = Logger.getLogger(StreamSubscription.class);

    private final String topic;
    private final StreamSettings settings;
    private final RedisCommands commands;
    private final MessageHandler handler;
    private final Consumer<StreamSubscription> onCancel;
    private volatile StreamReader reader;
    private volatile PendingReclaimer reclaimer;

    // guarded by this
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    private final Set<String> held = new HashSet<>();
    private int inFlight;
    private boolean cancelled;
    private boolean draining;
    private boolean drainAgain;

    StreamSubscription(String topic, StreamSettings settings, RedisCommands commands, MessageHandler handler,
            Consumer<StreamSubscription> onCancel) {
        this.topic = topic;
        this.settings = settings;
        this.commands = commands;
        this.handler = handler;
        this.onCancel = onCancel;
    }

    /** Starts the read loop and the reclaim timer, which feed this subscription. */
    void start(StreamReader newReader, PendingReclaimer newReclaimer) {
        this.reader = newReader;
        this.reclaimer = newReclaimer;
        newReader.start();
        newReclaimer.start();
    }

    String topic() {
        return topic;
    }

    /** How many more entries the buffer takes; 0 once cancelled. */
    synchronized int room() {
        return cancelled ? 0 : settings.queueDepth() - buffer.size();
    }

    /** Whether the entry is buffered or with the handler here. */
    synchronized boolean holds(String id) {
        return held.contains(id);
    }

    /**
     * Takes entries read or reclaimed; ones already held are not taken twice. A read and a
     * reclaim that both saw room may together fill the buffer past {@code queueDepth}, by at
     * most one more {@code queueDepth}.
     */
    void offer(List<Entry> entries) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            for (Entry e : entries) {
                if (held.add(e.id())) {
                    buffer.add(e);
                }
            }
        }
        drain();
    }

    /**
     * Hands buffered entries to the handler while slots are free. Runs on one thread at a time;
     * a call while another is draining only asks it to go round once more, so a handler that
     * completes at once does not recurse. The handler is called under the lock, so once
     * {@link #cancel} has taken it no call can follow; its {@code Uni} runs outside.
     */
    private void drain() {
        synchronized (this) {
            if (draining) {
                drainAgain = true;
                return;
            }
            draining = true;
        }
        boolean took = false;
        while (true) {
            Entry next;
            Uni<Void> handled;
            synchronized (this) {
                if (cancelled || inFlight >= settings.concurrency() || buffer.isEmpty()) {
                    if (drainAgain) {
                        drainAgain = false;
                        continue;
                    }
                    draining = false;
                    break;
                }
                next = buffer.poll();
                inFlight++;
                handled = handOver(next);
            }
            took = true;
            settle(next, handled);
        }
        if (took && reader != null) {
            reader.roomFreed();
        }
    }

    /** Calls the handler; a handler that throws or answers nothing has failed. */
    private Uni<Void> handOver(Entry entry) {
        Uni<Void> handled;
        try {
            handled = handler.handle(entry.message());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return handled != null
                ? handled
                : Uni.createFrom().failure(new IllegalStateException("the handler returned no Uni"));
    }

    /** Acknowledges or keeps the entry by the handler's outcome, then frees its slot. */
    private void settle(Entry entry, Uni<Void> handled) {
        if (settings.redelivers()) {
            // as daprd bounds the handler's context: past this the entry is due for redelivery
            handled = handled.ifNoItem().after(settings.processingTimeout()).fail();
        }
        handled.onItemOrFailure().transformToUni((ok, failure) -> failure == null ? ack(entry) : keep(entry, failure))
                .subscribe().with(done -> finished(entry), failure -> finished(entry));
    }

    private Uni<Void> ack(Entry entry) {
        synchronized (this) {
            if (cancelled) {
                // the contract of cancel: nothing in flight is acknowledged
                return Uni.createFrom().voidItem();
            }
        }
        return commands.send(Request.cmd(Command.XACK).arg(topic).arg(settings.consumerId()).arg(entry.id()))
                .onFailure().invoke(e -> LOG.warnf("redis streams: cannot acknowledge entry %s of %s (it will be"
                        + " delivered again): %s", entry.id(), topic, e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> keep(Entry entry, Throwable failure) {
        LOG.debugf("redis streams: entry %s of %s not handled, left pending for redelivery: %s", entry.id(), topic,
                failure.getMessage());
        return Uni.createFrom().voidItem();
    }

    private void finished(Entry entry) {
        synchronized (this) {
            inFlight--;
            held.remove(entry.id());
        }
        drain();
    }

    @Override
    public Uni<Void> cancel() {
        synchronized (this) {
            if (cancelled) {
                return Uni.createFrom().voidItem();
            }
            cancelled = true;
            // buffered entries were never handed over: they stay pending for redelivery
            buffer.forEach(e -> held.remove(e.id()));
            buffer.clear();
        }
        if (reclaimer != null) {
            reclaimer.stop();
        }
        onCancel.accept(this);
        return reader == null ? Uni.createFrom().voidItem() : reader.stop();
    }
}
