package io.quapr.spi.state;

/**
 * One key's answer in a bulk read: bulk reads report errors per key instead of failing whole.
 *
 * @param key the key as requested (prefix applied)
 * @param response the read's result; {@link GetResponse#MISSING} when absent or on error
 * @param error the error message for this key, or {@code null}
 */
public record BulkGetItem(String key, GetResponse response, String error) {
}
