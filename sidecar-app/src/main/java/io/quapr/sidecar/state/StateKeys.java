package io.quapr.sidecar.state;

import java.util.Locale;

/**
 * daprd's key prefixing: a store's {@code keyPrefix} metadata chooses what goes before
 * {@code ||} in the stored key, so apps sharing a store do not see each other's keys.
 *
 * @param strategy {@code appid} (default), {@code name}, {@code namespace}, {@code none}, or a
 *        literal prefix
 * @param storeName the store's component name
 * @param appId this sidecar's app id
 * @param namespace the namespace, or empty
 */
record StateKeys(String strategy, String storeName, String appId, String namespace) {

    static final String SEPARATOR = "||";

    /** The strategy a store's metadata asks for, lower-cased as daprd compares it. */
    static StateKeys of(String keyPrefix, String storeName, String appId, String namespace) {
        String s = keyPrefix == null || keyPrefix.isBlank() ? "appid" : keyPrefix.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        boolean named = lower.equals("appid") || lower.equals("name") || lower.equals("namespace")
                || lower.equals("none");
        return new StateKeys(named ? lower : s, storeName, appId, namespace);
    }

    /** Whether a key (or literal prefix) may be used: daprd refuses any containing {@code ||}. */
    static boolean legal(String key) {
        return !key.contains(SEPARATOR);
    }

    /** The key as stored. The caller has checked {@link #legal}. */
    String stored(String key) {
        return switch (strategy) {
            case "none" -> key;
            case "name" -> storeName + SEPARATOR + key;
            case "appid" -> appId.isEmpty() ? key : appId + SEPARATOR + key;
            case "namespace" -> appId.isEmpty()
                    ? key
                    : (namespace.isEmpty() ? appId : namespace + "." + appId) + SEPARATOR + key;
            default -> strategy + SEPARATOR + key;
        };
    }

    /** The key as the app knows it: what follows the first {@code ||}, as daprd strips it. */
    static String original(String stored) {
        int at = stored.indexOf(SEPARATOR);
        if (at < 0) {
            return stored;
        }
        String rest = stored.substring(at + SEPARATOR.length());
        int next = rest.indexOf(SEPARATOR);
        return next < 0 ? rest : rest.substring(0, next);
    }
}
