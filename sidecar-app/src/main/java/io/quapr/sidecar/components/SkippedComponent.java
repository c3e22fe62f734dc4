package io.quapr.sidecar.components;

/**
 * A component that failed to start while its resource set {@code spec.ignoreErrors}: the sidecar
 * runs without it, and only the start-up report still names it.
 *
 * @param resource the resource it came from
 * @param reason why it failed (unknown type or version, metadata, secret, init error or timeout)
 */
public record SkippedComponent(ComponentResource resource, String reason) {
}
