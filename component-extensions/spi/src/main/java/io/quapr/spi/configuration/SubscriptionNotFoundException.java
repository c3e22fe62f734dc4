package io.quapr.spi.configuration;

/** {@link ConfigurationStore#unsubscribe} was given an id the store does not know (any more). */
public class SubscriptionNotFoundException extends RuntimeException {

    /** @param id the unknown subscription id */
    public SubscriptionNotFoundException(String id) {
        super("subscription with id " + id + " does not exist");
    }
}
