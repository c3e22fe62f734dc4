package io.quapr.components.state.aws.dynamodb;

import io.quapr.components.aws.AwsCalls;
import io.quapr.components.aws.AwsConnection;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.TransactionalStateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@code state.aws.dynamodb}: state in an existing DynamoDB table, laid out as daprd lays it out
 * ({@link ItemLayout}), so either sidecar reads what the other wrote.
 *
 * <p>
 * ETags are enforced with conditional writes; transactions are one {@code TransactWriteItems}
 * call (at most 100 operations); TTL writes the expiry to the {@code ttlAttributeName} attribute
 * for DynamoDB's TTL process to delete, and reads hide expired items before it gets to them.
 * The client is the SDK's async client on the sidecar's event loops ({@link AwsConnection});
 * results are handed back on the caller's Vert.x context.
 */
@Dependent
@ComponentType("state.aws.dynamodb")
public class DynamoDbStateStore implements TransactionalStateStore {

    /** DynamoDB's limit on the actions in one {@code TransactWriteItems} call. */
    static final int MAX_TRANSACTION_OPERATIONS = 100;

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

    private static final Set<StateFeature> FEATURES = Set.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL,
            StateFeature.TTL);

    // written once by init before any other call, read by any thread afterwards
    private volatile DynamoDbSettings settings;
    private volatile ComponentContext context;
    private volatile AwsConnection<DynamoDbAsyncClient> connection;
    private volatile ItemLayout layout;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public DynamoDbStateStore() {
    }

    /**
     * Builds the client and, as daprd does, reads one random key to prove the table exists and
     * the credentials may read it. Creates nothing: the table is the operator's.
     */
    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            DynamoDbSettings parsed = DynamoDbSettings.from(metadata);
            ItemLayout itemLayout = new ItemLayout(parsed.partitionKey(), parsed.ttlAttributeName());
            this.settings = parsed;
            this.context = context;
            this.layout = itemLayout;
            return context.executeBlocking(() -> {
                AwsConnection<DynamoDbAsyncClient> opened;
                try {
                    opened = AwsConnection.open(parsed.aws(), context.vertx(), DynamoDbAsyncClient::builder);
                } catch (RuntimeException e) {
                    // typically no region in the metadata nor in the environment
                    throw new IllegalStateException("cannot build the DynamoDB client for table '" + parsed.table()
                            + "': " + e.getMessage(), e);
                }
                try {
                    // on the worker: the first call may resolve credentials, which can block
                    opened.client().getItem(GetItemRequest.builder().tableName(parsed.table())
                            .key(itemLayout.key("quapr-init-check-" + UUID.randomUUID())).build()).join();
                    return opened;
                } catch (RuntimeException e) {
                    opened.close();
                    throw initFailure(parsed, unwrap(e));
                }
            });
        }).invoke(opened -> connection = opened).replaceWithVoid();
    }

    private static RuntimeException initFailure(DynamoDbSettings settings, Throwable cause) {
        String why = cause instanceof ResourceNotFoundException ? "the table does not exist" : cause.getMessage();
        return new IllegalStateException("cannot use DynamoDB table '" + settings.table() + "': " + why, cause);
    }

    /**
     * {@inheritDoc} The same for every instance, as {@code metadata.yaml} lists them. daprd drops
     * TTL from a resource without {@code ttlAttributeName} and then ignores {@code ttlInSeconds};
     * here such a resource refuses {@code ttlInSeconds} instead, so no app believes a key expires
     * that never will.
     */
    @Override
    public Set<StateFeature> features() {
        return FEATURES;
    }

    /** {@inheritDoc} DynamoDB's limit: 100. */
    @Override
    public int maxOperations() {
        return MAX_TRANSACTION_OPERATIONS;
    }

    /** Reads eventually consistent unless strong consistency is asked for, as daprd does. */
    @Override
    public Uni<GetResponse> get(GetRequest request) {
        return call(() -> client().getItem(GetItemRequest.builder()
                .tableName(settings.table())
                .key(layout.key(request.key()))
                .consistentRead(request.consistency() == Consistency.STRONG)
                .build()))
                .map(response -> layout.read(response.hasItem() ? response.item() : null, now()));
    }

    @Override
    public Uni<Void> set(SetRequest request) {
        return Uni.createFrom().deferred(() -> {
            Instant now = now();
            PutItemRequest put = WriteCondition.of(request, settings.ttlAttributeName(), now)
                    .applyTo(PutItemRequest.builder()
                            .tableName(settings.table())
                            .item(layout.item(request, now)))
                    .build();
            return call(() -> client().putItem(put));
        }).onFailure().transform(e -> forKey(e, request.key())).replaceWithVoid();
    }

    @Override
    public Uni<Void> delete(DeleteRequest request) {
        return Uni.createFrom().deferred(() -> {
            DeleteItemRequest delete = WriteCondition.of(request, settings.ttlAttributeName(), now())
                    .applyTo(DeleteItemRequest.builder()
                            .tableName(settings.table())
                            .key(layout.key(request.key())))
                    .build();
            return call(() -> client().deleteItem(delete));
        }).onFailure().transform(e -> forKey(e, request.key())).replaceWithVoid();
    }

    /**
     * One {@code TransactWriteItems} call ({@link TransactionPlan}). A failed condition cancels
     * the whole transaction; it is reported as an ETag mismatch on the first key that failed.
     */
    @Override
    public Uni<Void> multi(List<StateOperation> operations, Map<String, String> metadata) {
        if (operations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (operations.size() > MAX_TRANSACTION_OPERATIONS) {
            return Uni.createFrom().failure(new IllegalArgumentException("a DynamoDB transaction holds at most "
                    + MAX_TRANSACTION_OPERATIONS + " operations, got " + operations.size()));
        }
        return Uni.createFrom().deferred(() -> {
            TransactionPlan plan = TransactionPlan.of(operations, settings.table(), layout,
                    settings.ttlAttributeName(), now());
            return call(() -> client().transactWriteItems(
                    TransactWriteItemsRequest.builder().transactItems(plan.items()).build()))
                    .onFailure().transform(e -> forTransaction(e, plan.keys()));
        }).replaceWithVoid();
    }

    /** Closes the client on a worker thread: closing its connections may wait a little. */
    @Override
    public Uni<Void> close() {
        AwsConnection<DynamoDbAsyncClient> open = connection;
        connection = null;
        return AwsConnection.closeOnWorker(open, context);
    }

    private DynamoDbAsyncClient client() {
        return AwsConnection.clientOf(connection, "state.aws.dynamodb");
    }

    private Instant now() {
        return context.clock().instant();
    }

    /** The SDK call, its outcome on the caller's Vert.x context ({@link AwsCalls#call}). */
    private static <T> Uni<T> call(Supplier<CompletableFuture<T>> request) {
        return AwsCalls.call(request);
    }

    /** A failed condition on a single write is an ETag mismatch (or, for first-write, an existing key). */
    private static Throwable forKey(Throwable failure, String key) {
        Throwable cause = unwrap(failure);
        return cause instanceof ConditionalCheckFailedException ? new ETagMismatchException(key) : cause;
    }

    /**
     * The cancellation reasons line up with the actions; the first failed condition names the key.
     * Any other failure is passed on as it is.
     */
    static Throwable forTransaction(Throwable failure, List<String> keys) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            for (int i = 0; i < reasons.size() && i < keys.size(); i++) {
                if (CONDITIONAL_CHECK_FAILED.equals(reasons.get(i).code())) {
                    return new ETagMismatchException(keys.get(i));
                }
            }
        }
        return cause;
    }

    private static Throwable unwrap(Throwable failure) {
        return AwsCalls.unwrap(failure);
    }
}
