package io.quapr.sidecar.telemetry;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * One Prometheus metric (a counter, a gauge or a histogram) with a fixed list of label names, rendered in
 * the text exposition format exactly as daprd's OpenCensus exporter names it (no unit or
 * {@code _total} suffix added: the name is Dapr's view name).
 *
 * <p>
 * Series are created on first use and kept; their number is capped so that no label value,
 * however it was chosen, can grow memory without bound: past the cap a new combination of label
 * values is counted in one overflow series whose values are all {@value #OVERFLOW}.
 */
final class MetricFamily {

    /** The label value of the overflow series. */
    static final String OVERFLOW = "_other_";

    private static final Logger LOG = Logger.getLogger(MetricFamily.class);

    final String name;
    private final String help;
    private final String[] labelNames;
    /** Upper bounds of a histogram's buckets, or null for a counter or a gauge. */
    private final double[] buckets;
    private final boolean gauge;
    private final int maxSeries;
    private final Map<Key, Series> series = new ConcurrentHashMap<>();
    private final Series overflow;
    private volatile boolean overflowLogged;

    private MetricFamily(String name, String help, double[] buckets, boolean gauge, int maxSeries,
            String... labelNames) {
        this.name = name;
        this.help = help;
        this.buckets = buckets;
        this.gauge = gauge;
        this.maxSeries = maxSeries;
        this.labelNames = labelNames;
        String[] other = new String[labelNames.length];
        Arrays.fill(other, OVERFLOW);
        this.overflow = new Series(other, buckets == null ? 0 : buckets.length);
    }

    static MetricFamily counter(String name, String help, int maxSeries, String... labelNames) {
        return new MetricFamily(name, help, null, false, maxSeries, labelNames);
    }

    /** A gauge: each series holds the last value {@link #set} (daprd's last-value views). */
    static MetricFamily gauge(String name, String help, int maxSeries, String... labelNames) {
        return new MetricFamily(name, help, null, true, maxSeries, labelNames);
    }

    static MetricFamily histogram(String name, String help, double[] buckets, int maxSeries, String... labelNames) {
        return new MetricFamily(name, help, buckets.clone(), false, maxSeries, labelNames);
    }

    /** Adds one to a counter. */
    void inc(String... labelValues) {
        add(1, labelValues);
    }

    /** Adds {@code n} to a counter. */
    void add(long n, String... labelValues) {
        series(labelValues).count.add(n);
    }

    /**
     * Sets a gauge's value. Its count of sets only marks the series as used (for the overflow
     * series, which is rendered once used).
     */
    void set(long value, String... labelValues) {
        Series s = series(labelValues);
        s.value = value;
        s.count.increment();
    }

    /** Records one value in a histogram. */
    void observe(double value, String... labelValues) {
        Series s = series(labelValues);
        s.count.increment();
        s.sum.add(value);
        // one bucket per observation; cumulative counts are summed when rendered
        int i = 0;
        while (i < buckets.length && value > buckets[i]) {
            i++;
        }
        s.buckets[i].increment();
    }

    /** How many series exist (the overflow series included when used). */
    int seriesCount() {
        return series.size() + (overflow.count.sum() > 0 ? 1 : 0);
    }

    private Series series(String[] values) {
        Key key = new Key(values);
        Series s = series.get(key);
        if (s != null) {
            return s;
        }
        if (series.size() >= maxSeries) {
            if (!overflowLogged) {
                overflowLogged = true;
                LOG.warnf("metric %s reached %d series; further label combinations are counted as %s", name,
                        maxSeries, OVERFLOW);
            }
            return overflow;
        }
        return series.computeIfAbsent(key, k -> new Series(values.clone(), buckets == null ? 0 : buckets.length));
    }

    /** Appends this family in Prometheus text format 0.0.4. */
    void render(StringBuilder out) {
        if (series.isEmpty() && overflow.count.sum() == 0) {
            return;
        }
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(gauge ? " gauge\n" : buckets == null ? " counter\n" : " histogram\n");
        for (Series s : series.values()) {
            renderSeries(out, s);
        }
        if (overflow.count.sum() > 0) {
            renderSeries(out, overflow);
        }
    }

    private void renderSeries(StringBuilder out, Series s) {
        if (buckets == null) {
            out.append(name);
            labels(out, s.labelValues, null);
            out.append(' ').append(gauge ? s.value : s.count.sum()).append('\n');
            return;
        }
        long cumulative = 0;
        for (int i = 0; i <= buckets.length; i++) {
            cumulative += s.buckets[i].sum();
            out.append(name).append("_bucket");
            labels(out, s.labelValues, i < buckets.length ? number(buckets[i]) : "+Inf");
            out.append(' ').append(cumulative).append('\n');
        }
        out.append(name).append("_sum");
        labels(out, s.labelValues, null);
        out.append(' ').append(number(s.sum.sum())).append('\n');
        out.append(name).append("_count");
        labels(out, s.labelValues, null);
        out.append(' ').append(s.count.sum()).append('\n');
    }

    private void labels(StringBuilder out, String[] values, String le) {
        out.append('{');
        for (int i = 0; i < labelNames.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(labelNames[i]).append("=\"");
            escape(out, values[i] == null ? "" : values[i]);
            out.append('"');
        }
        if (le != null) {
            out.append(labelNames.length > 0 ? "," : "").append("le=\"").append(le).append('"');
        }
        out.append('}');
    }

    private static void escape(StringBuilder out, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Whole numbers without a fraction ({@code 100}, not {@code 100.0}), as Go's exporter writes them. */
    static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static final class Series {
        final String[] labelValues;
        final LongAdder count = new LongAdder();
        /** A gauge's value. */
        volatile long value;
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder[] buckets;

        Series(String[] labelValues, int bucketCount) {
            this.labelValues = labelValues;
            this.buckets = new LongAdder[bucketCount == 0 ? 0 : bucketCount + 1];
            for (int i = 0; i < this.buckets.length; i++) {
                this.buckets[i] = new LongAdder();
            }
        }
    }

    /** Label values as a map key (the array's contents, not its identity). */
    private record Key(String[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
