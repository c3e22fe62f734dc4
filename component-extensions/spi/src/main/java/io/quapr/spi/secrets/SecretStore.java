package io.quapr.spi.secrets;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;

/**
 * A Dapr secret store: secret names to one or more key/value pairs. Secret stores are
 * initialised before every other component, because other components' metadata may refer to
 * them ({@code secretKeyRef}).
 */
public interface SecretStore extends Component {

    /** The features this store has; reported by the metadata API. */
    Set<SecretFeature> features();

    /**
     * Reads one secret.
     *
     * @param name the secret's name
     * @param metadata request metadata ({@code metadata.*} query parameters)
     * @return its key/value pairs; a single-valued store returns one pair keyed by {@code name}
     * @throws SecretNotFoundException (as a failed {@code Uni}) when there is no such secret
     */
    Uni<Map<String, String>> get(String name, Map<String, String> metadata);

    /**
     * Reads every secret.
     *
     * @param metadata request metadata
     * @return secret name to its key/value pairs
     */
    Uni<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata);
}
