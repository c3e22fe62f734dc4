package io.quapr.spi;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule in the syntax daprd's cron binding accepts (robfig/cron with an optional seconds
 * field and descriptors), with robfig's meaning:
 * <ul>
 * <li>five fields ({@code minute hour day-of-month month day-of-week}) or six with seconds first;
 * each a list of {@code *}, {@code ?}, {@code n}, {@code a-b}, with an optional {@code /step}
 * ({@code n/step} runs from n to the field's maximum); months {@code JAN}-{@code DEC} and days
 * {@code SUN}-{@code SAT} by name, case ignored; day of week 0-6 with 0 Sunday.</li>
 * <li>day of month and day of week: when either starts with {@code *} or {@code ?} (no step
 * above 1), a day must match both; otherwise either.</li>
 * <li>{@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code @daily}
 * ({@code @midnight}), {@code @hourly}, and {@code @every <Go duration>}: fixed intervals,
 * rounded down to whole seconds (at least one), counted from the previous run.</li>
 * <li>a leading {@code CRON_TZ=<zone> } or {@code TZ=<zone> } sets the time zone; otherwise the
 * sidecar's.</li>
 * </ul>
 */
public final class CronSchedule {

    private static final Map<String, Integer> MONTHS = names("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri",
            5, "sat", 6);
    private static final long STAR = 1L << 63;

    private final ZoneId zone;
    private final Duration every;
    private final long seconds;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;

    private CronSchedule(ZoneId zone, Duration every, long[] fields) {
        this.zone = zone;
        this.every = every;
        this.seconds = fields[0];
        this.minutes = fields[1];
        this.hours = fields[2];
        this.daysOfMonth = fields[3];
        this.months = fields[4];
        this.daysOfWeek = fields[5];
    }

    /**
     * Parses a schedule.
     *
     * @param spec the schedule as the component's metadata holds it
     * @param defaultZone the zone used when the spec names none
     * @throws IllegalArgumentException saying what is wrong
     */
    public static CronSchedule parse(String spec, ZoneId defaultZone) {
        String s = spec.trim();
        ZoneId zone = defaultZone;
        if (s.startsWith("CRON_TZ=") || s.startsWith("TZ=")) {
            int space = s.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("provided bad location " + s + ": no schedule after it");
            }
            String name = s.substring(s.indexOf('=') + 1, space);
            try {
                zone = ZoneId.of(name);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("provided bad location " + name + ": " + e.getMessage());
            }
            s = s.substring(space + 1).trim();
        }
        if (s.startsWith("@")) {
            return descriptor(s, zone);
        }
        String[] f = s.split("\\s+");
        if (f.length != 5 && f.length != 6) {
            throw new IllegalArgumentException("expected 5 to 6 fields, found " + f.length + ": " + s);
        }
        String[] all = f.length == 6 ? f : new String[] { "0", f[0], f[1], f[2], f[3], f[4] };
        return new CronSchedule(zone, null, new long[] { field(all[0], 0, 59, Map.of()),
                field(all[1], 0, 59, Map.of()), field(all[2], 0, 23, Map.of()), field(all[3], 1, 31, Map.of()),
                field(all[4], 1, 12, MONTHS), field(all[5], 0, 6, DAYS) });
    }

    private static CronSchedule descriptor(String s, ZoneId zone) {
        String d = s.toLowerCase(Locale.ROOT);
        if (d.startsWith("@every ")) {
            Duration every;
            try {
                every = GoDuration.parse(s.substring("@every ".length()).trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("failed to parse duration " + s + ": " + e.getMessage());
            }
            // robfig rounds down to whole seconds, and runs at least every second
            long secs = Math.max(1, every.getSeconds());
            return new CronSchedule(zone, Duration.ofSeconds(secs), new long[6]);
        }
        String fields = switch (d) {
            case "@yearly", "@annually" -> "0 0 0 1 1 *";
            case "@monthly" -> "0 0 0 1 * *";
            case "@weekly" -> "0 0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 0 * * *";
            case "@hourly" -> "0 0 * * * *";
            default -> throw new IllegalArgumentException("unrecognized descriptor: " + s);
        };
        return parse(fields, zone);
    }

    /** The bits of one field: bit n set when value n matches; {@link #STAR} for a bare star. */
    private static long field(String expr, int min, int max, Map<String, Integer> names) {
        long bits = 0;
        for (String part : expr.split(",")) {
            bits |= range(part, min, max, names);
        }
        return bits;
    }

    private static long range(String expr, int min, int max, Map<String, Integer> names) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        int start;
        int end;
        long extra = 0;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = min;
            end = max;
            extra = STAR;
        } else {
            start = value(lowAndHigh[0], names, expr);
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                end = value(lowAndHigh[1], names, expr);
            } else {
                throw new IllegalArgumentException("too many hyphens: " + expr);
            }
        }
        int step = 1;
        if (rangeAndStep.length == 2) {
            step = value(rangeAndStep[1], Map.of(), expr);
            if (single) {
                end = max;
            }
            if (step > 1) {
                extra = 0;
            }
        } else if (rangeAndStep.length > 2) {
            throw new IllegalArgumentException("too many slashes: " + expr);
        }
        if (start < min) {
            throw new IllegalArgumentException(
                    "beginning of range (" + start + ") below minimum (" + min + "): " + expr);
        }
        if (end > max) {
            throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + max + "): " + expr);
        }
        if (start > end) {
            throw new IllegalArgumentException(
                    "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            throw new IllegalArgumentException("step of range should be a positive number: " + expr);
        }
        long bits = extra;
        for (int i = start; i <= end; i += step) {
            bits |= 1L << i;
        }
        return bits;
    }

    private static int value(String s, Map<String, Integer> names, String expr) {
        Integer named = names.get(s.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new IllegalArgumentException("negative number (" + s + ") not allowed: " + expr);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + s + ": " + expr);
        }
    }

    /** The schedule's time zone. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The first run strictly after {@code after}, in whole seconds.
     *
     * @return the time, or {@code null} when none comes within five years (February 30th)
     */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.withZoneSameInstant(zone);
        if (every != null) {
            return t.plus(every).truncatedTo(ChronoUnit.SECONDS);
        }
        t = t.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        int limit = t.getYear() + 5;
        boolean added = false;
        wrap : while (t.getYear() <= limit) {
            while (!has(months, t.getMonthValue())) {
                if (!added) {
                    added = true;
                    t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
                }
                t = t.plusMonths(1);
                if (t.getMonthValue() == 1) {
                    continue wrap;
                }
            }
            while (!dayMatches(t)) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.DAYS);
                }
                t = t.plusDays(1);
                if (t.getDayOfMonth() == 1) {
                    continue wrap;
                }
            }
            while (!has(hours, t.getHour())) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.HOURS);
                }
                t = t.plusHours(1);
                if (t.getHour() == 0) {
                    continue wrap;
                }
            }
            while (!has(minutes, t.getMinute())) {
                if (!added) {
                    added = true;
                    t = t.truncatedTo(ChronoUnit.MINUTES);
                }
                t = t.plusMinutes(1);
                if (t.getMinute() == 0) {
                    continue wrap;
                }
            }
            while (!has(seconds, t.getSecond())) {
                if (!added) {
                    added = true;
                }
                t = t.plusSeconds(1);
                if (t.getSecond() == 0) {
                    continue wrap;
                }
            }
            return t;
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = has(daysOfMonth, t.getDayOfMonth());
        boolean dow = has(daysOfWeek, t.getDayOfWeek().getValue() % 7);
        if ((daysOfMonth & STAR) != 0 || (daysOfWeek & STAR) != 0) {
            return dom && dow;
        }
        return dom || dow;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    private static Map<String, Integer> names(String... in) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < in.length; i++) {
            m.put(in[i], i + 1);
        }
        return Map.copyOf(m);
    }
}
