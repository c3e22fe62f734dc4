package io.quapr.sidecar.lock;

import java.util.Locale;

/**
 * daprd's lock keys: {@code lock||<prefix>||<resourceId>}, the prefix chosen by the store's
 * {@code keyPrefix} metadata, so a Quapr and a daprd sidecar of one app contend for the same key.
 * Unlike state keys, the strategy is lower-cased whole (a literal prefix too) and there is no
 * {@code namespace} strategy: daprd's lock loader knows {@code appid}, {@code name} and
 * {@code none} only.
 */
final class LockKeys {

    static final String SEPARATOR = "||";
    private static final String API_PREFIX = "lock";

    private LockKeys() {
    }

    /**
     * The key a lock is stored under.
     *
     * @param keyPrefix the store's {@code keyPrefix} metadata, or null
     * @param storeName the store's component name
     * @param appId this sidecar's app id; may be empty
     * @param resourceId the id the app asked for
     * @throws IllegalArgumentException worded as daprd words it, when the id or the prefix holds
     *         {@code ||}
     */
    static String of(String keyPrefix, String storeName, String appId, String resourceId) {
        String strategy = keyPrefix == null || keyPrefix.isEmpty() ? "appid" : keyPrefix.toLowerCase(Locale.ROOT);
        check(strategy);
        check(resourceId);
        return switch (strategy) {
            case "none" -> API_PREFIX + SEPARATOR + resourceId;
            case "name" -> API_PREFIX + SEPARATOR + storeName + SEPARATOR + resourceId;
            case "appid" -> appId.isEmpty()
                    ? API_PREFIX + SEPARATOR + resourceId
                    : API_PREFIX + SEPARATOR + appId + SEPARATOR + resourceId;
            default -> API_PREFIX + SEPARATOR + strategy + SEPARATOR + resourceId;
        };
    }

    private static void check(String key) {
        if (key.contains(SEPARATOR)) {
            throw new IllegalArgumentException("input key/keyPrefix '" + key + "' can't contain '||'");
        }
    }
}
