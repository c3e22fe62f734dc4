package io.quapr.components.aws;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The connection metadata every AWS component reads, as daprd's AWS authentication profile names
 * it: where to send requests and with which credentials.
 *
 * @param endpoint the endpoint to call instead of AWS's (local development), or {@code null}
 * @param region the region, or {@code null} to take it from the environment
 * @param accessKey the static access key id, or {@code null} for the default credential chain
 * @param secretKey the static secret key, set exactly when {@code accessKey} is
 * @param sessionToken the session token of temporary static credentials, or {@code null}
 */
public record AwsSettings(URI endpoint, String region, String accessKey, String secretKey, String sessionToken) {

    /**
     * Reads {@code endpoint}, {@code region} (or its former name {@code awsRegion}),
     * {@code accessKey}, {@code secretKey} and {@code sessionToken}.
     *
     * @throws MetadataException for a malformed endpoint, or only one of {@code accessKey} and
     *         {@code secretKey}
     */
    public static AwsSettings from(ComponentMetadata metadata) {
        String accessKey = metadata.get("accessKey").orElse(null);
        String secretKey = metadata.get("secretKey").orElse(null);
        // daprd silently falls back to the default chain here; a half-set key pair is a typo
        if ((accessKey == null) != (secretKey == null)) {
            throw new MetadataException("metadata keys 'accessKey' and 'secretKey' must be set together");
        }
        return new AwsSettings(metadata.get("endpoint").map(AwsSettings::endpoint).orElse(null),
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
        return "AwsSettings[endpoint=" + endpoint + ", region=" + region + ", staticCredentials=" + (accessKey != null)
                + "]";
    }
}
