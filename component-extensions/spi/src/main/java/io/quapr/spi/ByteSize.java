package io.quapr.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes written as Kubernetes quantities, as daprd's size flags and metadata do. */
public final class ByteSize {

    private static final Pattern QUANTITY = Pattern.compile("(\\d+)\\s*(Ki|Mi|Gi|Ti|k|K|M|G|T|B)?");

    private ByteSize() {
    }

    /**
     * Parses {@code 4Mi} (4·2^20), {@code 4M} (4·10^6), {@code 512} (bytes).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static long parse(String text) {
        Matcher m = QUANTITY.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid byte size '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        return n * switch (unit) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k", "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
    }
}
