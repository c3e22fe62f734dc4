package io.quapr.components.state.aws.dynamodb;

import io.quapr.components.aws.AwsSettings;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;

/**
 * The metadata {@code state.aws.dynamodb} reads, parsed once at init. Key names, defaults and the
 * {@code awsRegion} alias follow daprd's DynamoDB store and its AWS authentication profile.
 *
 * @param table the table; it must exist (daprd never creates it)
 * @param partitionKey the table's partition key attribute, a string attribute
 * @param ttlAttributeName the number attribute holding the expiry in epoch seconds, or
 *        {@code null}: without it, writes with a TTL are refused
 * @param aws the endpoint, region and credentials
 */
record DynamoDbSettings(String table, String partitionKey, String ttlAttributeName, AwsSettings aws) {

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
        return new DynamoDbSettings(table,
                metadata.string("partitionKey", DEFAULT_PARTITION_KEY),
                metadata.get("ttlAttributeName").orElse(null),
                AwsSettings.from(metadata));
    }
}
