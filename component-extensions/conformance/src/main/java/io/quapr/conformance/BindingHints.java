package io.quapr.conformance;

import io.quapr.spi.ComponentMetadata;
import java.util.Map;

/**
 * What a bindings fixture tells the suite about its backend, in its {@code metadata.annotations}
 * (keys {@code conformance.quapr.io/...}).
 *
 * @param keyMetadata {@code key-metadata}: the request metadata key that names an item
 *        ({@code fileName} for local storage, {@code key} for Redis); empty: the create/get/delete
 *        round trip is not run
 * @param selfTriggering {@code self-triggering}: the source makes events by itself (a schedule),
 *        so input cases wait for any event instead of creating one
 * @param redelivers {@code redelivers}: an event the handler refused comes again
 */
record BindingHints(String keyMetadata, boolean selfTriggering, boolean redelivers) {

    /** Reads the hints from a fixture's annotations; absent ones are off. */
    static BindingHints of(Map<String, String> annotations) {
        return new BindingHints(annotations.getOrDefault(PubSubHints.PREFIX + "key-metadata", "").trim(),
                ComponentMetadata.isTruthy(annotations.getOrDefault(PubSubHints.PREFIX + "self-triggering", "false")),
                ComponentMetadata.isTruthy(annotations.getOrDefault(PubSubHints.PREFIX + "redelivers", "false")));
    }
}
