package io.quapr.loadtests;

/** The bodies of the scenarios: JSON of exactly 1 KB, as in Dapr's perf suite. */
final class Payloads {

    /** {@code {"payload":"xx...x"}}, 1024 bytes. */
    static final String ONE_KB = json(1024);

    /** The key holding {@link #ONE_KB}, written before the scenarios. */
    static final String VALUE_KEY = "load-1kb";

    /** How many keys the bulk scenario reads: {@code load-bulk-0} to {@code load-bulk-9}. */
    static final int BULK_KEYS = 10;

    private Payloads() {
    }

    private static String json(int size) {
        String head = "{\"payload\":\"";
        String tail = "\"}";
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }

    /** {@code [{"key":...,"value":<1 KB>}, ...]} for the given keys: a state save's body. */
    static String saveBody(String... keys) {
        StringBuilder b = new StringBuilder("[");
        for (String key : keys) {
            b.append(b.length() > 1 ? "," : "").append("{\"key\":\"").append(key).append("\",\"value\":").append(ONE_KB)
                    .append('}');
        }
        return b.append(']').toString();
    }

    /** The keys of the bulk scenario. */
    static String[] bulkKeys() {
        String[] keys = new String[BULK_KEYS];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "load-bulk-" + i;
        }
        return keys;
    }

    /** {@code {"keys":[...],"parallelism":10}}: a bulk get's body for {@link #bulkKeys()}. */
    static String bulkGetBody() {
        return "{\"keys\":[\"" + String.join("\",\"", bulkKeys()) + "\"],\"parallelism\":" + BULK_KEYS + "}";
    }
}
