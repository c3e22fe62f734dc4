package io.quapr.components.aws;

import io.vertx.core.Vertx;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds one component instance's AWS async clients from its {@link AwsSettings}, all sharing
 * one credentials provider, which this object owns.
 *
 * <p>
 * Each client's Netty HTTP client runs on the sidecar's Vert.x event loops, as the Quarkiverse
 * amazon-services extensions do on Quarkus 3: no event loop threads of its own, and nothing to
 * shut down but connections. On those loops nothing may block, so host names are resolved with
 * Netty's non-blocking DNS resolver instead of the JDK's, and responses complete right there
 * instead of on the SDK's default per-client completion thread pool: callers keep what they do
 * with a response short, and move results to their own Vert.x context themselves.
 *
 * <p>
 * Opening and building may block (the default region and credential chains read files and, on
 * EC2, the instance metadata service), so callers do both on a worker thread.
 */
public final class AwsClients implements AutoCloseable {

    private final AwsSettings settings;
    private final Vertx vertx;
    private final AwsCredentialsProvider credentials;
    private final SdkAutoCloseable ownedCredentials;

    private AwsClients(AwsSettings settings, Vertx vertx, AwsCredentialsProvider credentials,
            SdkAutoCloseable ownedCredentials) {
        this.settings = settings;
        this.vertx = vertx;
        this.credentials = credentials;
        this.ownedCredentials = ownedCredentials;
    }

    /** Chooses the credentials for {@code settings}; clients are then built on {@code vertx}'s event loops. */
    public static AwsClients open(AwsSettings settings, Vertx vertx) {
        if (settings.accessKey() != null) {
            return new AwsClients(settings, vertx, StaticCredentialsProvider.create(settings.sessionToken() == null
                    ? AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())
                    : AwsSessionCredentials.create(settings.accessKey(), settings.secretKey(),
                            settings.sessionToken())),
                    null);
        }
        // The chain daprd falls back to as well (environment, profile, web identity, container,
        // instance). Refreshing in the background keeps an expiring token from blocking a request
        // on the event loop; clients do not close a provider they were given, so this object does.
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder()
                .asyncCredentialUpdateEnabled(true)
                .build();
        return new AwsClients(settings, vertx, chain, chain);
    }

    /**
     * Sets the HTTP client, completion executor, region, endpoint and credentials on an SDK async
     * client builder; the caller adds anything service-specific, builds, and closes the client.
     */
    public <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> B configure(B builder) {
        builder.httpClientBuilder(NettyNioAsyncHttpClient.builder()
                // the SDK never shuts down an event loop group it was given
                .eventLoopGroup(SdkEventLoopGroup.create(vertx.nettyEventLoopGroup()))
                .useNonBlockingDnsResolver(true))
                .asyncConfiguration(c -> c.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        Runnable::run))
                .credentialsProvider(credentials);
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    /** Closes the credential chain, if this object opened one; clients are closed by their owners. */
    @Override
    public void close() {
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
    }
}
