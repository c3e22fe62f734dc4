package io.quapr.sidecar.components;

/**
 * A CDI event fired by {@link ComponentReloader} after a component was started, replaced or taken
 * out while the sidecar runs, before the instance it replaced is closed: blocks holding something
 * on a component (pub/sub subscriptions) move it to the new one, or stop it.
 *
 * @param name the component's name
 * @param block the block of its type ({@code pubsub}, {@code state}, ...), new or, when it was
 *        taken out, old
 */
public record ComponentReloaded(String name, String block) {
}
