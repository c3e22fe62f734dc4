package io.quapr.components.state.aws.dynamodb;

import io.quapr.components.aws.AwsClients;
import io.vertx.core.Vertx;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * One component instance's DynamoDB client and the credentials it was given, built from its
 * metadata by {@link AwsClients} (the SDK's async client on the sidecar's Vert.x event loops).
 *
 * <p>
 * Building may block (the default region and credential chains read files and, on EC2, the
 * instance metadata service), so callers build on a worker thread.
 */
final class DynamoDbConnection implements AutoCloseable {

    private final DynamoDbAsyncClient client;
    private final AwsClients clients;

    private DynamoDbConnection(DynamoDbAsyncClient client, AwsClients clients) {
        this.client = client;
        this.clients = clients;
    }

    /** Builds the client for {@code settings} on {@code vertx}'s event loops. Blocking. */
    static DynamoDbConnection open(DynamoDbSettings settings, Vertx vertx) {
        AwsClients clients = AwsClients.open(settings.aws(), vertx);
        try {
            return new DynamoDbConnection(clients.configure(DynamoDbAsyncClient.builder()).build(), clients);
        } catch (RuntimeException e) {
            clients.close();
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
            clients.close();
        }
    }
}
