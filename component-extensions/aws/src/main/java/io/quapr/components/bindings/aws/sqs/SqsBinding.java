package io.quapr.components.bindings.aws.sqs;

import io.quapr.components.aws.AwsCalls;
import io.quapr.components.aws.AwsConnection;
import io.quapr.components.aws.AwsSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputHandler;
import io.quapr.spi.bindings.InputReader;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.Dependent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * {@code bindings.aws.sqs}: an SQS queue, as daprd's binding. Output {@code create} sends the
 * request's data as the body of one message. As input, the queue is long-polled; each message's
 * body is handed to the app as the event's data, with no metadata, and the message is deleted
 * once the app accepted it. A message the app refused is left in the queue: SQS delivers it again
 * when its visibility timeout ends (the queue's own, or {@code messageVisibilityTimeout}), and a
 * redrive policy on the queue may move it to a dead-letter queue.
 *
 * <p>
 * The queue must exist (daprd creates none); its URL is looked up by name on first use. Beyond
 * daprd, the long poll's length, the visibility timeout asked on each receive and the number of
 * messages per receive are settable (daprd hard-codes 20 s, the queue's timeout and one message);
 * the messages of one receive are handed over together, the accepted ones deleted in one request,
 * and the next receive waits until all of them are settled. Nothing blocks: the SDK's async client runs on the sidecar's event loops
 * ({@link io.quapr.components.aws.AwsClients}) and the app is called on one Vert.x context.
 */
@Dependent
@ComponentType("bindings.aws.sqs")
public class SqsBinding implements InputBinding, OutputBinding {

    private static final Logger LOG = Logger.getLogger(SqsBinding.class);

    /** daprd's long poll: 20 s, the longest SQS allows. */
    static final int DEFAULT_WAIT_SECONDS = 20;
    /** The first pause after a failed receive, doubled on each failure in a row up to {@link #MAX_BACKOFF_MS}. */
    static final long FIRST_BACKOFF_MS = 500;
    /** The longest pause after failed receives. */
    static final long MAX_BACKOFF_MS = 10_000;

    // written once by init before any other call, read by any thread afterwards
    private volatile String queueName;
    private volatile int waitSeconds;
    private volatile Integer visibilitySeconds;
    private volatile int maxMessages;
    private volatile ComponentContext context;
    private volatile AwsConnection<SqsAsyncClient> connection;
    // found on first use, kept: a queue's URL never changes
    private volatile String queueUrl;
    // the readers not stopped yet, stopped by close: a reader must not outlive the client
    private final Set<Reader> readers = ConcurrentHashMap.newKeySet();

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public SqsBinding() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            AwsSettings settings = AwsSettings.from(metadata);
            this.queueName = metadata.required("queueName");
            this.waitSeconds = range(metadata, "messageWaitTimeSeconds", DEFAULT_WAIT_SECONDS, 0, 20);
            this.visibilitySeconds = metadata.get("messageVisibilityTimeout").isPresent()
                    ? range(metadata, "messageVisibilityTimeout", 0, 0, 43_200)
                    : null;
            this.maxMessages = range(metadata, "messageMaxNumber", 1, 1, 10);
            this.context = context;
            return AwsConnection.openOffLoop(settings, context, SqsAsyncClient::builder);
        }).invoke(opened -> connection = opened).replaceWithVoid();
    }

    private static int range(ComponentMetadata metadata, String key, int fallback, int min, int max) {
        int value = metadata.integer(key, fallback);
        if (value < min || value > max) {
            throw new MetadataException(
                    "metadata key '" + key + "' must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }

    @Override
    public List<String> operations() {
        return List.of("create");
    }

    /** {@code create}: one message whose body is the request's data as it came; answers nothing. */
    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        String body = request.text();
        return queueUrl().chain(url -> AwsCalls.call(() -> client().sendMessage(b -> b.queueUrl(url)
                .messageBody(body)))).replaceWith((InvokeResponse) null);
    }

    @Override
    public Uni<InputReader> read(InputHandler handler) {
        return Uni.createFrom().deferred(() -> {
            client();
            Reader reader = new Reader(handler, context.vertx().getOrCreateContext());
            readers.add(reader);
            reader.next();
            return Uni.createFrom().item((InputReader) reader);
        });
    }

    /** The queue's URL, looked up by name the first time; fails when the binding is closed. */
    private Uni<String> queueUrl() {
        return Uni.createFrom().deferred(() -> {
            SqsAsyncClient client = client();
            String known = queueUrl;
            if (known != null) {
                return Uni.createFrom().item(known);
            }
            return AwsCalls.call(() -> client.getQueueUrl(b -> b.queueName(queueName)))
                    .map(r -> queueUrl = r.queueUrl());
        });
    }

    private SqsAsyncClient client() {
        return AwsConnection.clientOf(connection, "bindings.aws.sqs");
    }

    /**
     * Stops the readers still running, then closes the client on a worker thread: closing its
     * connections may wait a little.
     */
    @Override
    public Uni<Void> close() {
        List.copyOf(readers).forEach(Reader::stop);
        AwsConnection<SqsAsyncClient> open = connection;
        connection = null;
        return AwsConnection.closeOnWorker(open, context);
    }

    /**
     * One {@link #read}: receive, hand the messages over, settle them, receive again; until
     * stopped. Every step runs on {@link #loop}, the Vert.x context the app is called on.
     */
    private final class Reader implements InputReader {

        private final InputHandler handler;
        private final Context loop;
        // guarded by this
        private boolean stopped;
        private CompletableFuture<ReceiveMessageResponse> receiving;
        private long backoffMs;

        Reader(InputHandler handler, Context loop) {
            this.handler = handler;
            this.loop = loop;
        }

        /** Starts the next receive on the loop's context, unless stopped. */
        void next() {
            loop.runOnContext(ignored -> receive());
        }

        private void receive() {
            if (isStopped()) {
                return;
            }
            queueUrl().chain(url -> {
                ReceiveMessageRequest.Builder b = ReceiveMessageRequest.builder().queueUrl(url)
                        .maxNumberOfMessages(maxMessages).waitTimeSeconds(waitSeconds);
                if (visibilitySeconds != null) {
                    b.visibilityTimeout(visibilitySeconds);
                }
                CompletableFuture<ReceiveMessageResponse> call = client().receiveMessage(b.build());
                synchronized (this) {
                    if (stopped) {
                        call.cancel(true);
                    }
                    receiving = call;
                }
                return AwsCalls.call(() -> call).chain(response -> settle(url, response.messages()));
            }).subscribe().with(done -> {
                backoffMs = 0;
                next();
            }, this::failed);
        }

        private void failed(Throwable failure) {
            if (isStopped()) {
                return;
            }
            backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            LOG.warnf("receiving from SQS queue %s failed, trying again in %d ms: %s", queueName, backoffMs,
                    AwsCalls.unwrap(failure).toString());
            loop.owner().setTimer(backoffMs, id -> next());
        }

        /**
         * Hands the messages over together and, once the app answered for all of them, deletes the
         * accepted ones in one request: one call per receive keeps the time from receive to delete
         * short, and that time must stay below the visibility timeout. Completes when all are
         * settled; never fails.
         */
        private Uni<Void> settle(String url, List<Message> messages) {
            if (messages.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<Uni<Optional<Message>>> outcomes = new ArrayList<>();
            synchronized (this) {
                if (stopped) {
                    // received as the reader stopped: back at once, for the next reader
                    return Uni.join().all(messages.stream().map(m -> release(url, m)).toList())
                            .andCollectFailures().replaceWithVoid();
                }
                for (Message m : messages) {
                    outcomes.add(handOver(m).onItemOrFailure().transform((accepted, refused) -> {
                        if (refused == null) {
                            return Optional.of(m);
                        }
                        // left alone: SQS delivers it again once its visibility timeout ends
                        LOG.debugf("the app refused SQS message %s of queue %s; left for redelivery: %s",
                                m.messageId(), queueName, refused);
                        return Optional.<Message>empty();
                    }));
                }
            }
            return Uni.join().all(outcomes).andCollectFailures()
                    .chain(settled -> delete(url, settled.stream().flatMap(Optional::stream).toList()));
        }

        /** Deletes the accepted messages; one that cannot be deleted comes again, which is logged. */
        private Uni<Void> delete(String url, List<Message> accepted) {
            if (accepted.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < accepted.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(accepted.get(i).receiptHandle()).build());
            }
            return AwsCalls.call(() -> client().deleteMessageBatch(b -> b.queueUrl(url).entries(entries)))
                    .invoke(response -> response.failed().forEach(f -> LOG.warnf(
                            "could not delete SQS message %s of queue %s; it will come again: %s %s",
                            accepted.get(Integer.parseInt(f.id())).messageId(), queueName, f.code(), f.message())))
                    .replaceWithVoid()
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("could not delete %d SQS messages of queue %s; they will come again: %s",
                                accepted.size(), queueName, AwsCalls.unwrap(failure).toString());
                        return null;
                    });
        }

        /** Makes a message visible again at once; never fails. */
        private Uni<Void> release(String url, Message m) {
            return AwsCalls.call(() -> client().changeMessageVisibility(b -> b.queueUrl(url)
                    .receiptHandle(m.receiptHandle()).visibilityTimeout(0)))
                    .replaceWithVoid()
                    .onFailure().recoverWithItem(failure -> {
                        LOG.debugf("could not release SQS message %s: %s", m.messageId(), failure);
                        return null;
                    });
        }

        private Uni<byte[]> handOver(Message m) {
            try {
                Uni<byte[]> outcome = handler.handle(new InputEvent(m.body().getBytes(StandardCharsets.UTF_8),
                        Map.of()));
                return outcome != null
                        ? outcome
                        : Uni.createFrom().failure(new IllegalStateException("the handler answered null"));
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
        }

        private synchronized boolean isStopped() {
            return stopped;
        }

        /**
         * Nothing is handed over from now on. The receive under way is abandoned, as daprd's is:
         * what it had taken from the queue comes back after its visibility timeout.
         */
        @Override
        public Uni<Void> stop() {
            CompletableFuture<ReceiveMessageResponse> call;
            synchronized (this) {
                stopped = true;
                call = receiving;
            }
            readers.remove(this);
            if (call != null) {
                call.cancel(true);
            }
            return Uni.createFrom().voidItem();
        }
    }
}
