package io.quapr.components.aws;

import io.quapr.spi.ComponentContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One component instance's SDK async client of one AWS service, with the credentials it was
 * given: built by {@link AwsClients} on the sidecar's Vert.x event loops, closed together.
 *
 * <p>
 * Opening may block (the default region and credential chains read files and, on EC2, the
 * instance metadata service), so callers open on a worker thread.
 *
 * @param <C> the SDK client type, e.g. {@code SecretsManagerAsyncClient}
 */
public final class AwsConnection<C extends SdkAutoCloseable> implements AutoCloseable {

    private final C client;
    private final AwsClients clients;

    private AwsConnection(C client, AwsClients clients) {
        this.client = client;
        this.clients = clients;
    }

    /**
     * Builds a client for {@code settings} on {@code vertx}'s event loops from a new builder of
     * {@code builder} (e.g. {@code SsmAsyncClient::builder}). Blocking.
     */
    public static <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C extends SdkAutoCloseable> AwsConnection<C> open(
            AwsSettings settings, Vertx vertx, Supplier<B> builder) {
        AwsClients clients = AwsClients.open(settings, vertx);
        try {
            return new AwsConnection<>(clients.configure(builder.get()).build(), clients);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    /**
     * {@link #open} on a worker thread, as every AWS component opens its connection in
     * {@code init}: building the client may read credential files, which must not block an event
     * loop.
     */
    public static <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C extends SdkAutoCloseable> Uni<AwsConnection<C>> openOffLoop(
            AwsSettings settings, ComponentContext context, Supplier<B> builder) {
        return context.executeBlocking(() -> open(settings, context.vertx(), builder));
    }

    /** The client; valid until {@link #close}. */
    public C client() {
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

    /**
     * The client of a component's connection, failing as every AWS component does when it has no
     * connection (not initialised yet, or closed).
     */
    public static <C extends SdkAutoCloseable> C clientOf(AwsConnection<C> open, String componentType) {
        if (open == null) {
            throw new IllegalStateException(componentType + " is not initialized or already closed");
        }
        return open.client();
    }

    /**
     * Closes a component's connection, if it has one, on a worker thread: closing its HTTP
     * connections may wait a little, which the event loop must not.
     */
    public static Uni<Void> closeOnWorker(AwsConnection<?> open, ComponentContext context) {
        if (open == null) {
            return Uni.createFrom().voidItem();
        }
        return context.executeBlocking(() -> {
            open.close();
            return null;
        }).replaceWithVoid();
    }
}
