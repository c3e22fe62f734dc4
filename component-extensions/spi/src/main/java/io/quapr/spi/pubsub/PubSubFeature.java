package io.quapr.spi.pubsub;

/** What a pub/sub component can do beyond publish and subscribe, named as Dapr names it. */
public enum PubSubFeature {
    /** The broker expires messages itself ({@code ttlInSeconds} request metadata). */
    MESSAGE_TTL,
    /** Topic names in a subscription may hold the broker's wildcards. */
    SUBSCRIBE_WILDCARDS,
    /** {@link PubSub#bulkPublish} is native rather than one publish per entry. */
    BULK_PUBLISH
}
