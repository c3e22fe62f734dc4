package io.quapr.spi.state;

/**
 * What a state store can do beyond get/set/delete, named exactly as Dapr names the features in
 * the metadata API ({@code GET /v1.0/metadata} lists them as a component's capabilities).
 */
public enum StateFeature {
    /** Writes return an ETag; {@code If-Match}/first-write concurrency is enforced. */
    ETAG,
    /** {@link TransactionalStateStore}: several operations applied all or nothing, in order. */
    TRANSACTIONAL,
    /** {@link QueryableStateStore}: the alpha query API. */
    QUERY_API,
    /** {@code ttlInSeconds} request metadata expires keys; reads report {@code ttlExpireTime}. */
    TTL,
    /** {@link DeleteWithPrefixStateStore}: delete every key under a prefix (actors, workflows). */
    DELETE_WITH_PREFIX,
    /** {@link KeysLikeStateStore}: list keys matching a pattern (actor reminders). */
    KEYS_LIKE
}
