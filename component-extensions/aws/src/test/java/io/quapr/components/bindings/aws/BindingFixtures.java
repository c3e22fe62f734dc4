package io.quapr.components.bindings.aws;

import io.quapr.components.aws.ConformanceFixtures;
import io.quapr.components.aws.Moto;
import java.util.concurrent.CompletionException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Makes on moto what the AWS bindings' conformance fixtures name, before any test runs, as an
 * operator makes them for daprd (none of the bindings creates anything): the SQS queue (emptied of
 * what earlier runs left), the S3 bucket and the DynamoDB table. Names come from the fixtures
 * themselves, so the two never disagree; bucket and table are kept across runs (the kit uses new
 * keys every run).
 *
 * <p>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class BindingFixtures implements LauncherSessionListener {

    /** The DynamoDB binding's table's partition key, which the fixture's items carry. */
    public static final String TABLE_KEY = "id";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("quapr.conformance.skip")) {
            return;
        }
        try {
            queue(ConformanceFixtures.metadata("bindings.aws.sqs.yaml").get("queueName"));
            bucket(ConformanceFixtures.metadata("bindings.aws.s3.yaml").get("bucket"));
            table(ConformanceFixtures.metadata("bindings.aws.dynamodb.yaml").get("table"));
        } catch (CompletionException e) {
            if (e.getCause() instanceof SdkClientException) {
                throw Moto.unreachable(e.getCause());
            }
            throw e;
        }
    }

    /** Makes the queue, or empties the one an earlier run left. */
    public static void queue(String name) {
        try (SqsAsyncClient sqs = Moto.client(SqsAsyncClient.builder())) {
            String url = sqs.createQueue(b -> b.queueName(name)).join().queueUrl();
            try {
                sqs.purgeQueue(b -> b.queueUrl(url)).join();
            } catch (CompletionException e) {
                // what earlier runs left is only taken by the kit's handlers, never counted
                System.err.println("BindingFixtures: cannot purge queue " + name + ": " + e.getCause());
            }
        }
    }

    /** Makes the bucket unless it exists. */
    public static void bucket(String name) {
        try (S3AsyncClient s3 = Moto.client(S3AsyncClient.builder().forcePathStyle(true))) {
            s3.createBucket(b -> b.bucket(name)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof BucketAlreadyOwnedByYouException)) {
                throw e;
            }
        }
    }

    /** Makes the table, with a string partition key {@link #TABLE_KEY}, unless it exists. */
    public static void table(String name) {
        try (DynamoDbAsyncClient dynamo = Moto.client(DynamoDbAsyncClient.builder())) {
            dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(TABLE_KEY)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(TABLE_KEY).keyType(KeyType.HASH).build()))
                    .join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceInUseException)) {
                throw e;
            }
        }
    }
}
