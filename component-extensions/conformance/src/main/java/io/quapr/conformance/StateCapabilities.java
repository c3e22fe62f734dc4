package io.quapr.conformance;

import io.quapr.spi.state.DeleteWithPrefixStateStore;
import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.QueryableStateStore;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.TransactionalStateStore;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * How a state store's {@link StateFeature}s are spelled in {@code metadata.yaml}, and which SPI
 * interface each one requires. The one table both the description and the state suites use.
 */
public final class StateCapabilities {

    /** Listed by a store usable for actors: it must have both {@code ETAG} and {@code TRANSACTIONAL}. */
    public static final String ACTOR_STATE_STORE = "actorStateStore";

    /** Dapr lists {@code crud} for every state store; it maps to no feature. */
    public static final String CRUD = "crud";

    private static final Map<StateFeature, String> CAPABILITY = new EnumMap<>(Map.of(
            StateFeature.ETAG, "ETag",
            StateFeature.TRANSACTIONAL, "transactional",
            StateFeature.TTL, "ttl",
            StateFeature.QUERY_API, "queryAPI",
            StateFeature.DELETE_WITH_PREFIX, "deleteWithPrefix",
            StateFeature.KEYS_LIKE, "keysLike"));

    private static final Map<StateFeature, Class<?>> INTERFACE = new EnumMap<>(Map.of(
            StateFeature.TRANSACTIONAL, TransactionalStateStore.class,
            StateFeature.QUERY_API, QueryableStateStore.class,
            StateFeature.DELETE_WITH_PREFIX, DeleteWithPrefixStateStore.class,
            StateFeature.KEYS_LIKE, KeysLikeStateStore.class));

    private StateCapabilities() {
    }

    /** The {@code metadata.yaml} capability for {@code feature}. */
    public static String capability(StateFeature feature) {
        return CAPABILITY.get(feature);
    }

    /** The feature a capability names, or {@code null} for {@code crud}, {@code actorStateStore} or an unknown one. */
    public static StateFeature feature(String capability) {
        for (Map.Entry<StateFeature, String> e : CAPABILITY.entrySet()) {
            if (e.getValue().equals(capability)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Whether {@code capability} is one a state store's {@code metadata.yaml} may list. */
    public static boolean known(String capability) {
        return feature(capability) != null || ACTOR_STATE_STORE.equals(capability) || CRUD.equals(capability);
    }

    /** The SPI interface a store claiming {@code feature} must implement, or {@code null} (ETAG, TTL). */
    public static Class<?> requiredInterface(StateFeature feature) {
        return INTERFACE.get(feature);
    }

    /** The features that come with an SPI interface. */
    public static Set<StateFeature> featuresWithInterface() {
        return INTERFACE.keySet();
    }
}
