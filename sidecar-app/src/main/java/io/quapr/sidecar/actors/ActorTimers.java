package io.quapr.sidecar.actors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.jobs.JobTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Actor timers as daprd keeps them: in memory, on the active actor, gone when it is deactivated
 * (and when the sidecar stops). A timer fires {@code PUT /actors/<type>/<id>/method/timer/<name>}
 * with {@code {"callback","data","dueTime","period"}} in the actor's turn: first at
 * {@code dueTime} (a Go or ISO 8601 duration, or an RFC 3339 time; at once when empty), then
 * every {@code period} (a Go duration, an ISO 8601 duration or {@code R<n>/<duration>}) until its
 * {@code ttl} ends or its repetitions are done. A firing keeps the actor active.
 */
@ApplicationScoped
public class ActorTimers {

    private static final Logger LOG = Logger.getLogger(ActorTimers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ActorRuntime runtime;

    @Inject
    Vertx vertx;

    /** One timer of an active actor. */
    static final class Timer {
        final String name;
        final JobTimes times;
        final byte[] body;
        final AtomicInteger runs = new AtomicInteger();
        volatile long vertxTimer = -1;
        volatile boolean cancelled;

        Timer(String name, JobTimes times, byte[] body) {
            this.name = name;
            this.times = times;
            this.body = body;
        }
    }

    /**
     * Registers (or replaces) a timer.
     *
     * @param data the timer's data as JSON text, or null
     * @return done once the timer runs; fails with {@link ActorRuntime.LeaseHeldException} when
     *         the actor is active on another sidecar
     * @throws DaprException {@code ERR_ACTOR_TIMER_CREATE} when its times do not parse
     */
    public Uni<Void> create(String type, String id, String name, String dueTime, String period, String ttl,
            String callback, byte[] data) {
        Instant now = Instant.now();
        JobTimes times;
        try {
            times = JobTimes.of(blank(period) ? null : period, blank(dueTime) ? "0s" : dueTime, blank(ttl)
                    ? null
                    : ttl, blank(period) ? 1 : null, now);
        } catch (IllegalArgumentException e) {
            throw new DaprException(ErrorCode.ACTOR_TIMER_CREATE, "error creating actor timer: " + e.getMessage());
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("callback", callback == null ? "" : callback);
        if (data != null && data.length > 0) {
            try {
                body.set("data", JSON.readTree(data));
            } catch (IOException e) {
                throw new DaprException(ErrorCode.MALFORMED_REQUEST, "failed deserializing HTTP body: " + e
                        .getMessage());
            }
        }
        body.put("dueTime", dueTime == null ? "" : dueTime);
        body.put("period", period == null ? "" : period);
        Timer t = new Timer(name, times, body.toString().getBytes(StandardCharsets.UTF_8));
        return runtime.touch(type, id).invoke(a -> {
            Timer old = a.timers.put(name, t);
            if (old != null) {
                cancel(vertx, old);
            }
            Instant first = times.first(now);
            if (first != null) {
                schedule(a, t, first);
            } else {
                a.timers.remove(name, t);
            }
        }).replaceWithVoid();
    }

    /** Removes a timer; nothing when there is none (as daprd). */
    public void delete(String type, String id, String name) {
        ActorRuntime.ActiveActor a = runtime.active(type, id);
        if (a != null) {
            Timer t = a.timers.remove(name);
            if (t != null) {
                cancel(vertx, t);
            }
        }
    }

    /** Stops every timer of an actor being deactivated. */
    static void cancelAll(Vertx vertx, ActorRuntime.ActiveActor a) {
        a.timers.values().forEach(t -> cancel(vertx, t));
        a.timers.clear();
    }

    private static void cancel(Vertx vertx, Timer t) {
        t.cancelled = true;
        if (t.vertxTimer >= 0) {
            vertx.cancelTimer(t.vertxTimer);
        }
    }

    private void schedule(ActorRuntime.ActiveActor a, Timer t, Instant at) {
        long delay = Math.max(1, at.toEpochMilli() - System.currentTimeMillis());
        t.vertxTimer = vertx.setTimer(delay, id -> fire(a, t, at));
    }

    private void fire(ActorRuntime.ActiveActor a, Timer t, Instant at) {
        if (t.cancelled || a.timers.get(t.name) != t) {
            return;
        }
        int runs = t.runs.incrementAndGet();
        Instant next = t.times.next(at, runs);
        if (next != null) {
            if (next.toEpochMilli() <= System.currentTimeMillis()) {
                // behind (a long turn): the next run counts from now
                next = t.times.next(Instant.now(), runs);
            }
        }
        if (next != null) {
            schedule(a, t, next);
        } else {
            a.timers.remove(t.name, t);
        }
        runtime.callback(a.type, a.id, "timer/" + t.name, t.body).subscribe().with(v -> {
        }, e -> LOG.warnf("actors: timer %s of %s/%s failed: %s", t.name, a.type, a.id, e.getMessage()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
