package io.quapr.components.state.aws.dynamodb;

import io.vertx.core.Vertx;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One component instance's DynamoDB client and what it owns, built from its metadata.
 *
 * <p>
 * The async client's Netty HTTP client runs on the sidecar's Vert.x event loops, as the
 * Quarkiverse amazon-services extensions do on Quarkus 3: no event loop threads of its own, and
 * nothing to shut down but connections. On those loops nothing may block, so host names are
 * resolved with Netty's non-blocking DNS resolver instead of the JDK's, and responses complete
 * right there instead of on the SDK's default per-client completion thread pool: what the store
 * does with a response is short, and it moves the result back to the caller's Vert.x context
 * itself.
 *
 * <p>
 * Building may block (the default region and credential chains read files and, on EC2, the
 * instance metadata service), so callers build on a worker thread.
 */
final class DynamoDbConnection implements AutoCloseable {

    private final DynamoDbAsyncClient client;
    private final SdkAutoCloseable ownedCredentials;

    private DynamoDbConnection(DynamoDbAsyncClient client, SdkAutoCloseable ownedCredentials) {
        this.client = client;
        this.ownedCredentials = ownedCredentials;
    }

    /** Builds the client for {@code settings} on {@code vertx}'s event loops. Blocking. */
    static DynamoDbConnection open(DynamoDbSettings settings, Vertx vertx) {
        DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        // the SDK never shuts down an event loop group it was given
                        .eventLoopGroup(SdkEventLoopGroup.create(vertx.nettyEventLoopGroup()))
                        .useNonBlockingDnsResolver(true))
                .asyncConfiguration(c -> c.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        Runnable::run));
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        AwsCredentialsProvider credentials;
        SdkAutoCloseable owned = null;
        if (settings.accessKey() != null) {
            credentials = StaticCredentialsProvider.create(settings.sessionToken() == null
                    ? AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())
                    : AwsSessionCredentials.create(settings.accessKey(), settings.secretKey(),
                            settings.sessionToken()));
        } else {
            // The chain daprd falls back to as well (environment, profile, web identity, container,
            // instance). Refreshing in the background keeps an expiring token from blocking a
            // request on the event loop; the client does not close a provider it was given.
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder()
                    .asyncCredentialUpdateEnabled(true)
                    .build();
            credentials = chain;
            owned = chain;
        }
        builder.credentialsProvider(credentials);
        try {
            return new DynamoDbConnection(builder.build(), owned);
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
    }

    /** The client; valid until {@link #close}. */
    DynamoDbAsyncClient client() {
        return client;
    }

    /** Closes the client (and its HTTP client) and the credential chain it was given. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (ownedCredentials != null) {
                ownedCredentials.close();
            }
        }
    }
}
