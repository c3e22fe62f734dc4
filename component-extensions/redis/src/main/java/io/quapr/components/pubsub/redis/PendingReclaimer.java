package io.quapr.components.pubsub.redis;

import io.quapr.components.pubsub.redis.StreamEntries.Entry;
import io.quapr.components.redis.RedisCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Redelivers a stream's entries that were read but never acknowledged (the handler failed, the
 * sidecar stopped, the connection dropped): once at start and then every
 * {@code redeliverInterval}, it pages through the group's pending list ({@code XPENDING}),
 * claims the entries idle for at least {@code processingTimeout} ({@code XCLAIM}, which resets
 * their idle time, so two sidecars never both take one) and hands them to the subscription, as
 * daprd's {@code reclaimPendingMessagesLoop} does. Entries the subscription already holds are
 * left alone, and it claims no more than the subscription's buffer takes.
 *
 * <p>
 * An entry deleted from the stream while pending (trimmed by {@code MAXLEN}) cannot be
 * delivered: Redis 7 drops it from the pending list itself when claimed; for older servers,
 * which answer it as nil, it is acknowledged here so it stops coming back.
 */
final class PendingReclaimer {

    private static final Logger LOG = Logger.getLogger(PendingReclaimer.class);

    private final Vertx vertx;
    private final RedisCommands commands;
    private final StreamSubscription subscription;
    private final StreamSettings settings;
    private final AtomicBoolean running = new AtomicBoolean();
    // passes failed in a row: the first is a warning, the rest (the server is down) debug lines
    private volatile int failures;
    private volatile boolean stopped;
    private volatile long timer = -1;

    PendingReclaimer(Vertx vertx, RedisCommands commands, StreamSubscription subscription, StreamSettings settings) {
        this.vertx = vertx;
        this.commands = commands;
        this.subscription = subscription;
        this.settings = settings;
    }

    /** Reclaims once now and then periodically; does nothing when redelivery is disabled. */
    void start() {
        if (!settings.redelivers()) {
            return;
        }
        reclaim();
        timer = vertx.setPeriodic(Math.max(1, settings.redeliverInterval().toMillis()), id -> reclaim());
        if (stopped) {
            vertx.cancelTimer(timer);
        }
    }

    void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass over the pending list; a pass still running when the timer fires is not doubled. */
    void reclaim() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        page("-").subscribe().with(done -> {
            failures = 0;
            running.set(false);
        }, e -> {
            running.set(false);
            if (stopped) {
                return;
            }
            if (failures++ == 0) {
                LOG.warnf("redis streams: cannot reclaim pending entries of %s: %s", subscription.topic(),
                        e.getMessage());
            } else {
                LOG.debugf("redis streams: cannot reclaim pending entries of %s (%d passes in a row): %s",
                        subscription.topic(), failures, e.getMessage());
            }
        });
    }

    private Uni<Void> page(String start) {
        int room = subscription.room();
        if (stopped || room <= 0) {
            return Uni.createFrom().voidItem();
        }
        int count = settings.queueDepth();
        Request pending = Request.cmd(Command.XPENDING).arg(subscription.topic()).arg(settings.consumerId())
                .arg(start).arg("+").arg(count);
        return commands.send(pending).chain(reply -> {
            if (reply == null || reply.size() == 0) {
                return Uni.createFrom().voidItem();
            }
            long minIdle = settings.processingTimeout().toMillis();
            List<String> due = new ArrayList<>();
            String last = null;
            for (Response p : reply) {
                String id = p.get(0).toString();
                last = id;
                if (p.get(2).toLong() >= minIdle && !subscription.holds(id) && due.size() < room) {
                    due.add(id);
                }
            }
            String after = nextId(last);
            boolean more = reply.size() >= count;
            Uni<Void> claimed = due.isEmpty() ? Uni.createFrom().voidItem() : claim(due);
            return claimed.chain(() -> more ? page(after) : Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> claim(List<String> ids) {
        Request claim = Request.cmd(Command.XCLAIM).arg(subscription.topic()).arg(settings.consumerId())
                .arg(settings.consumerId()).arg(settings.processingTimeout().toMillis());
        ids.forEach(claim::arg);
        return commands.send(claim).chain(reply -> {
            if (reply == null) {
                return Uni.createFrom().voidItem();
            }
            List<Entry> entries = StreamEntries.fromEntries(reply, subscription.topic());
            LOG.debugf("redis streams: redelivering %d pending entries of %s", entries.size(), subscription.topic());
            subscription.offer(entries);
            if (!StreamEntries.hasDeleted(reply)) {
                return Uni.createFrom().voidItem();
            }
            Set<String> missing = new HashSet<>(ids);
            entries.forEach(e -> missing.remove(e.id()));
            if (missing.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.join().all(missing.stream().map(this::ackIfDeleted).toList()).andCollectFailures()
                    .replaceWithVoid();
        });
    }

    /** Acknowledges a pending id whose entry no longer exists in the stream. */
    private Uni<Void> ackIfDeleted(String id) {
        return commands.send(Request.cmd(Command.XRANGE).arg(subscription.topic()).arg(id).arg(id)).chain(r -> {
            if (r != null && r.size() > 0) {
                // it exists: another consumer claimed it in between
                return Uni.createFrom().voidItem();
            }
            LOG.debugf("redis streams: entry %s of %s was deleted while pending; acknowledging it", id,
                    subscription.topic());
            return commands.send(Request.cmd(Command.XACK).arg(subscription.topic()).arg(settings.consumerId()).arg(id))
                    .replaceWithVoid();
        });
    }

    /** The smallest stream id after {@code id} ({@code <ms>-<seq>}), for paging on any Redis version. */
    static String nextId(String id) {
        int dash = id.indexOf('-');
        long ms = Long.parseLong(id.substring(0, dash));
        // the sequence is an unsigned 64-bit number
        long seq = Long.parseUnsignedLong(id.substring(dash + 1));
        return seq == -1L ? (ms + 1) + "-0" : ms + "-" + Long.toUnsignedString(seq + 1);
    }
}
