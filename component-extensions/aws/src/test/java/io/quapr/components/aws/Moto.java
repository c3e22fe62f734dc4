package io.quapr.components.aws;

import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS emulator every test of this module talks to: moto_server on 127.0.0.1:5000, in memory
 * ({@code scripts/services.sh start moto}). One server for DynamoDB, SNS, SQS, STS, Secrets
 * Manager and SSM; it takes any access key and never checks a signature. It is shared by every
 * test (and by other modules' tests running at the same time), so each test makes tables,
 * topics, queues and secrets under names of its own ({@link #newName}).
 */
public final class Moto {

    /** Where moto listens (scripts/services.sh's default {@code MOTO_PORT}). */
    public static final URI ENDPOINT = URI.create("http://127.0.0.1:5000");

    /** The region every test uses. */
    public static final String REGION = "us-east-1";

    /** moto's default account id: the one in every ARN it makes. */
    public static final String ACCOUNT = "123456789012";

    /** The static access key (and secret key) the tests sign with; moto takes any. */
    public static final String ACCESS_KEY = "test";

    private Moto() {
    }

    /** {@code prefix}, a dash and a random suffix: a name no other test or run uses. */
    public static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /**
     * A raw SDK async client on moto, standing in for an operator or daprd:
     * {@code Moto.client(DynamoDbAsyncClient.builder())}.
     */
    public static <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .endpointOverride(ENDPOINT)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        ACCESS_KEY)))
                .build();
    }

    /** An error that says moto could not be reached and how to start it, around {@code cause}. */
    public static IllegalStateException unreachable(Throwable cause) {
        return new IllegalStateException("cannot reach moto at " + ENDPOINT
                + " (start it with scripts/services.sh start moto): " + cause, cause);
    }
}
