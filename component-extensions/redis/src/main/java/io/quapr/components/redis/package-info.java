/**
 * Connection code shared by the Redis components ({@code state.redis}, {@code pubsub.redis},
 * {@code configuration.redis}, {@code lock.redis}):
 * daprd's Redis settings read from component metadata, the Vert.x client options built from
 * them, and command sending with daprd's deadline and retries. Not a component package: it
 * holds no {@code @ComponentType}.
 */
package io.quapr.components.redis;
