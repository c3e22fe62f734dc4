package io.quapr.spi.secrets;

/** Secret store features, named as Dapr names them. */
public enum SecretFeature {
    /** One secret holds several key/value pairs (a nested JSON object, a Kubernetes secret). */
    MULTIPLE_KEY_VALUES_PER_SECRET
}
