package io.quapr.sidecar.jobs;

import io.quapr.spi.CronSchedule;
import io.quapr.spi.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a job fires, from the fields daprd's scheduler reads: {@code schedule} (a cron expression
 * of five or six fields, a descriptor such as {@code @daily}, {@code @every <Go duration>}, a bare
 * Go duration, an ISO 8601 duration or repetition {@code R5/PT10S}), {@code dueTime} (RFC 3339,
 * or a Go or ISO 8601 duration from creation), {@code ttl} (the same forms) and {@code repeats}.
 *
 * @param interval the fixed interval between runs, or null
 * @param cron the cron schedule, or null
 * @param due the first run, or null (then the schedule's first run after creation)
 * @param expiry when the job ends whatever is left, or null
 * @param repeats how many runs in all, or null for no limit
 */
public record JobTimes(Duration interval, CronSchedule cron, Instant due, Instant expiry, Integer repeats) {

    private static final Pattern REPETITION = Pattern.compile("R(\\d*)/(P.+)");

    /**
     * Reads a job's times.
     *
     * @param created when the job was scheduled: relative due times and TTLs count from it
     * @throws IllegalArgumentException naming the field that does not parse
     */
    public static JobTimes of(String schedule, String dueTime, String ttl, Integer repeats, Instant created) {
        Duration interval = null;
        CronSchedule cron = null;
        Integer count = repeats;
        if (schedule != null) {
            String s = schedule.trim();
            Matcher rep = REPETITION.matcher(s);
            if (s.toLowerCase(Locale.ROOT).startsWith("@every ")) {
                interval = positive(GoDuration.parse(s.substring(7)), "schedule");
            } else if (rep.matches()) {
                interval = positive(Duration.parse(rep.group(2)), "schedule");
                if (!rep.group(1).isEmpty()) {
                    int n = Integer.parseInt(rep.group(1));
                    count = count == null ? n : Math.min(count, n);
                }
            } else if (s.startsWith("P")) {
                interval = positive(iso(s, "schedule"), "schedule");
            } else if (!s.startsWith("@") && goDuration(s) != null) {
                interval = positive(goDuration(s), "schedule");
            } else {
                try {
                    cron = CronSchedule.parse(s, ZoneId.systemDefault());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid schedule '" + schedule + "': " + e.getMessage(), e);
                }
            }
        }
        Instant due = dueTime == null ? null : time(dueTime, created, "dueTime");
        Instant expiry = ttl == null ? null : time(ttl, created, "ttl");
        if (expiry != null && due != null && expiry.isBefore(due)) {
            throw new IllegalArgumentException("ttl '" + ttl + "' ends before the due time '" + dueTime + "'");
        }
        return new JobTimes(interval, cron, due, expiry, count);
    }

    /** The first run of a job scheduled at {@code created}; null when it never runs. */
    public Instant first(Instant created) {
        Instant t = due != null ? due : after(created);
        return within(t, 0);
    }

    /** The run after the one at {@code at}, the {@code done}th; null when the job is over. */
    public Instant next(Instant at, int done) {
        return within(after(at), done);
    }

    private Instant after(Instant at) {
        if (interval != null) {
            return at.plus(interval);
        }
        if (cron != null) {
            ZonedDateTime next = cron.next(at.atZone(cron.zone()));
            return next == null ? null : next.toInstant();
        }
        return null;
    }

    private Instant within(Instant t, int done) {
        if (t == null || repeats != null && done >= repeats || expiry != null && t.isAfter(expiry)) {
            return null;
        }
        return t;
    }

    private static Instant time(String text, Instant created, String field) {
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notATimestamp) {
            // a duration from creation, below
        }
        Duration d = s.startsWith("P") ? iso(s, field) : goDuration(s);
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("invalid " + field + " '" + text
                    + "': not an RFC 3339 time nor a duration");
        }
        return created.plus(d);
    }

    private static Duration iso(String s, String field) {
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid " + field + " '" + s + "': " + e.getMessage(), e);
        }
    }

    private static Duration goDuration(String s) {
        try {
            return GoDuration.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Duration positive(Duration d, String field) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("invalid " + field + ": the interval must be positive");
        }
        return d;
    }
}
