package io.quapr.components.bindings.cron;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.CronSchedule;
import io.quapr.spi.MetadataException;
import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputHandler;
import io.quapr.spi.bindings.InputReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code bindings.cron}: an event on every run of its {@code schedule} ({@link CronSchedule}), with
 * no data and daprd's metadata {@code timeZone} and {@code readTimeUTC} (Go's time format). A run
 * the app refuses is not repeated: a schedule has nothing to redeliver, as in daprd. Runs are
 * computed from the context's clock and fired by a Vert.x timer.
 */
@Dependent
@ComponentType("bindings.cron")
public class CronBinding implements InputBinding {

    private static final Logger LOG = Logger.getLogger(CronBinding.class);
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private volatile CronSchedule schedule;
    private volatile ComponentContext context;
    private volatile String name;

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        this.context = context;
        this.name = metadata.componentName();
        String spec = metadata.get("schedule").orElseThrow(() -> new MetadataException("schedule not set"));
        try {
            // the process's own zone, as robfig's default location (time.Local)
            schedule = CronSchedule.parse(spec, ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new MetadataException("invalid schedule format '" + spec + "': " + e.getMessage());
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<InputReader> read(InputHandler handler) {
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicLong timer = new AtomicLong(-1);
        schedule(handler, stopped, timer, now());
        return Uni.createFrom().item(() -> () -> {
            stopped.set(true);
            context.vertx().cancelTimer(timer.get());
            return Uni.createFrom().voidItem();
        });
    }

    private void schedule(InputHandler handler, AtomicBoolean stopped, AtomicLong timer, ZonedDateTime after) {
        ZonedDateTime next = schedule.next(after);
        if (next == null || stopped.get()) {
            return;
        }
        long delay = Math.max(1, next.toInstant().toEpochMilli() - context.clock().millis());
        timer.set(context.vertx().setTimer(delay, id -> {
            if (stopped.get()) {
                return;
            }
            fire(handler);
            // from the planned time, so a late timer never skips or repeats a run
            schedule(handler, stopped, timer, next);
        }));
    }

    private void fire(InputHandler handler) {
        Map<String, String> metadata = Map.of("timeZone", zoneName(), "readTimeUTC",
                goTime(context.clock().instant().atZone(ZoneOffset.UTC)));
        Uni.createFrom().deferred(() -> handler.handle(new InputEvent(new byte[0], metadata))).subscribe()
                .with(answer -> {
                }, e -> LOG.debugf("cron %s: the app did not take the run: %s", name, e.getMessage()));
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(context.clock()).withZoneSameInstant(schedule.zone());
    }

    /**
     * daprd reports the scheduler's location, not the schedule's: robfig's default, Go's
     * {@code Local}, whatever {@code CRON_TZ} the schedule names.
     */
    private static String zoneName() {
        return "Local";
    }

    /** Go's {@code time.Time.String()} of a UTC time: fraction without trailing zeros, "+0000 UTC". */
    static String goTime(ZonedDateTime utc) {
        StringBuilder s = new StringBuilder(GO_TIME.format(utc));
        int nanos = utc.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
            s.append('.').append(fraction);
        }
        return s.append(" +0000 UTC").toString();
    }
}
