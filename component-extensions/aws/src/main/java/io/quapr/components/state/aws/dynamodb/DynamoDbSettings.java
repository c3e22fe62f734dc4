package io.quapr.components.state.aws.dynamodb;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The metadata {@code state.aws.dynamodb} reads, parsed once at init. Key names, defaults and the
 * {@code awsRegion} alias follow daprd's DynamoDB store and its AWS authentication profile.
 *
 * @param table the table; it must exist (daprd never creates it)
 * @param partitionKey the table's partition key attribute, a string attribute
 * @param ttlAttributeName the number attribute holding the expiry in epoch seconds, or
 *        {@code null}: without it, writes with a TTL are refused
 * @param endpoint the endpoint to call instead of AWS's (local development), or {@code null}
 * @param region the region, or {@code null} to take it from the environment
 * @param accessKey the static access key id, or {@code null} for the default credential chain
 * @param secretKey the static secret key, set exactly when {@code accessKey} is
 * @param sessionToken the session token of temporary static credentials, or {@code null}
 */
record DynamoDbSettings(String table, String partitionKey, String ttlAttributeName, URI endpoint, String region,
        String accessKey, String secretKey, String sessionToken) {

    /** daprd's partition key attribute when {@code partitionKey} is not set. */
    static final String DEFAULT_PARTITION_KEY = "key";

    /**
     * Reads the settings.
     *
     * @throws MetadataException for a missing table, a malformed endpoint, or only one of
     *         {@code accessKey} and {@code secretKey}
     */
    static DynamoDbSettings from(ComponentMetadata metadata) {
        String table = metadata.required("table");
        String accessKey = metadata.get("accessKey").orElse(null);
        String secretKey = metadata.get("secretKey").orElse(null);
        // daprd silently falls back to the default chain here; a half-set key pair is a typo
        if ((accessKey == null) != (secretKey == null)) {
            throw new MetadataException("metadata keys 'accessKey' and 'secretKey' must be set together");
        }
        return new DynamoDbSettings(table,
                metadata.string("partitionKey", DEFAULT_PARTITION_KEY),
                metadata.get("ttlAttributeName").orElse(null),
                metadata.get("endpoint").map(DynamoDbSettings::endpoint).orElse(null),
                metadata.get("region").or(() -> metadata.get("awsRegion")).orElse(null),
                accessKey, secretKey,
                metadata.get("sessionToken").orElse(null));
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new MetadataException("metadata key 'endpoint' must be an http(s) URL: '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MetadataException("metadata key 'endpoint' is not a URL: '" + value + "'", e);
        }
    }

    /** Never prints the credentials. */
    @Override
    public String toString() {
        return "DynamoDbSettings[table=" + table + ", partitionKey=" + partitionKey + ", ttlAttributeName="
                + ttlAttributeName + ", endpoint=" + endpoint + ", region=" + region + ", staticCredentials="
                + (accessKey != null) + "]";
    }
}
