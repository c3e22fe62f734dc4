package io.quapr.sidecar.resiliency;

import java.util.ArrayList;
import java.util.List;

/**
 * A retry policy's {@code matching.httpStatusCodes} or {@code matching.gRPCStatusCodes}: a comma
 * separated list of codes and ranges ({@code "500-599,429"}). As in daprd, an unset list matches
 * every code, empty items are skipped, and each code must be a valid HTTP (100-599) or gRPC
 * (0-16) code.
 */
public final class StatusCodeRanges {

    /** The list that matches every code (the field is not set). */
    public static final StatusCodeRanges ALL = new StatusCodeRanges(null, "");

    private final int[][] ranges;
    private final String text;

    private StatusCodeRanges(int[][] ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /**
     * Parses a list.
     *
     * @param text the field's value; null or empty means every code
     * @param min the lowest valid code
     * @param max the highest valid code
     * @throws IllegalArgumentException naming the bad item
     */
    public static StatusCodeRanges parse(String text, int min, int max) {
        if (text == null || text.isEmpty()) {
            return ALL;
        }
        List<int[]> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                continue;
            }
            String[] bounds = item.split("-", -1);
            if (bounds.length > 2) {
                throw new IllegalArgumentException("invalid pattern " + item + ", more than one '-' exists");
            }
            int start = code(bounds[0], item, min, max);
            int end = bounds.length == 2 ? code(bounds[1], item, min, max) : start;
            if (end < start) {
                throw new IllegalArgumentException("invalid pattern " + item
                        + ", start value should not bigger than end value");
            }
            out.add(new int[] { start, end });
        }
        return new StatusCodeRanges(out.toArray(int[][]::new), text);
    }

    private static int code(String s, String item, int min, int max) {
        int c;
        try {
            c = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse code '" + s + "' from pattern " + item);
        }
        if (c < min || c > max) {
            throw new IllegalArgumentException("invalid pattern " + item + ", code " + c + " is not valid");
        }
        return c;
    }

    /** Whether a failure with this code is retried. */
    public boolean matches(int code) {
        if (ranges == null) {
            return true;
        }
        for (int[] r : ranges) {
            if (r[0] <= code && code <= r[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
