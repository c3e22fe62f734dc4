package io.quapr.components.pubsub.aws.snssqs;

import io.quapr.components.aws.AwsCalls;
import io.quapr.components.aws.AwsClients;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * {@code pubsub.aws.snssqs}: topics are SNS topics, and each app reads one SQS queue of its own
 * (named after {@code consumerID}, by default the app id) subscribed to every topic the app
 * subscribes to, laid out exactly as daprd lays it out ({@link Topology}), so daprd and Quapr
 * apps can share topics. Published data travel as the SNS message; the queue receives SNS's
 * notification JSON, and the {@code Message} in it is what the subscriber gets
 * ({@link SnsMessages}). Apps with the same {@code consumerID} share a queue and so compete for
 * messages; apps with different ones each get every message.
 *
 * <p>
 * Delivery ({@link QueueConsumer}): a message is deleted once the handler succeeds; otherwise SQS
 * delivers it again when its visibility timeout ({@code messageVisibilityTimeout}) ends.
 * Cancelling the last subscription stops receiving; messages keep arriving in the queue and are
 * read when a topic is subscribed again. The clients are the SDK's async SNS and SQS clients on
 * the sidecar's event loops ({@link AwsClients}); nothing blocks.
 */
@Dependent
@ComponentType("pubsub.aws.snssqs")
public class SnsSqsPubSub implements PubSub {

    // written once by init before any other call, read by any thread afterwards
    private volatile SnsSqsSettings settings;
    private volatile ComponentContext context;
    private volatile Clients clients;
    private volatile Topology topology;

    // guarded by this
    private QueueConsumer consumer;
    private boolean closed;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public SnsSqsPubSub() {
    }

    /** The SDK clients of one instance and the credentials they share. */
    private record Clients(SnsAsyncClient sns, SqsAsyncClient sqs, StsAsyncClient sts, AwsClients aws)
            implements
                AutoCloseable {

        @Override
        public void close() {
            try {
                closeAll(sns, sqs, sts);
            } finally {
                aws.close();
            }
        }
    }

    private static void closeAll(SdkAutoCloseable... clients) {
        for (SdkAutoCloseable c : clients) {
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * Reads the metadata and builds the clients. Creates nothing yet: topics are made on first
     * publish or subscribe, the queue on first subscribe. With {@code disableEntityManagement},
     * the account id is looked up now (STS), as daprd does, unless the metadata names it.
     */
    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            SnsSqsSettings parsed = SnsSqsSettings.from(metadata, context.appId());
            this.settings = parsed;
            this.context = context;
            return context.executeBlocking(() -> open(parsed, context));
        }).invoke(opened -> {
            clients = opened;
            topology = new Topology(opened.sns(), opened.sqs(), opened.sts(), settings);
        }).replaceWithVoid();
    }

    private static Clients open(SnsSqsSettings settings, ComponentContext context) {
        AwsClients aws = AwsClients.open(settings.aws(), context.vertx());
        SnsAsyncClient sns = null;
        SqsAsyncClient sqs = null;
        StsAsyncClient sts = null;
        try {
            sns = aws.configure(SnsAsyncClient.builder()).build();
            sqs = aws.configure(SqsAsyncClient.builder()).build();
            if (settings.disableEntityManagement() && settings.accountId() == null) {
                sts = aws.configure(StsAsyncClient.builder()).build();
                // on the worker: the first call may resolve credentials, which can block
                sts.getCallerIdentity(b -> b.overrideConfiguration(o -> o.apiCallTimeout(settings.assetsTimeout())))
                        .join();
            }
            return new Clients(sns, sqs, sts, aws);
        } catch (RuntimeException e) {
            closeAll(sns, sqs, sts);
            aws.close();
            throw new IllegalStateException("cannot build the SNS/SQS clients: " + AwsCalls.unwrap(e).getMessage(),
                    AwsCalls.unwrap(e));
        }
    }

    /** None: SQS has no per-message expiry, no wildcard topics, and SNS batches are not used. */
    @Override
    public Set<PubSubFeature> features() {
        return Set.of();
    }

    /**
     * Publishes to the topic's SNS topic (created first, once, unless entity management is off).
     * FIFO topics get the message group {@code fifoMessageGroupID} (by default the
     * {@code consumerID}) and deduplicate by content, as in daprd.
     */
    @Override
    public Uni<Void> publish(PublishRequest request) {
        return AwsCalls.call(() -> {
            Topology t = topology();
            SnsAsyncClient sns = open().sns();
            SnsMessages.Outgoing outgoing = SnsMessages.encode(request.data(), request.contentType());
            return t.topicArn(request.topic()).thenCompose(topicArn -> sns.publish(b -> {
                b.topicArn(topicArn).message(outgoing.message()).messageAttributes(outgoing.attributes());
                if (settings.fifo()) {
                    b.messageGroupId(settings.fifoMessageGroupId());
                }
            })).whenComplete((ignored, failure) -> {
                if (AwsCalls.unwrap(failure) instanceof NotFoundException) {
                    // deleted behind our back: find or create it again next time
                    t.forgetTopic(request.topic());
                }
            });
        }).replaceWithVoid();
    }

    /**
     * Readies the topic, the queue, its policy and the SNS subscription, then routes the topic's
     * messages to {@code handler}, starting the queue's receive loop if this is the first
     * subscription. Subscribing again to a topic replaces the earlier subscription.
     */
    @Override
    public Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler) {
        return AwsCalls.call(() -> topology().subscribe(request.topic())).map(ready -> {
            QueueConsumer reader = consumer(ready);
            QueueConsumer.Route route = new QueueConsumer.Route(ready.topicName(), request.topic(), handler);
            reader.add(route);
            return (Subscription) () -> Uni.createFrom().item(() -> {
                reader.remove(route);
                return null;
            });
        });
    }

    /** The one receive loop of the component's queue, made with the first subscription. */
    private synchronized QueueConsumer consumer(Topology.Subscribed ready) {
        if (closed) {
            throw new IllegalStateException("pubsub.aws.snssqs is closed");
        }
        if (consumer == null) {
            Context handlers = context.vertx().getOrCreateContext();
            consumer = new QueueConsumer(open().sqs(), ready.queue(), ready.deadLetters() != null, settings, handlers);
        }
        return consumer;
    }

    /**
     * Stops receiving, waits for the receive under way (at most {@code messageWaitTimeSeconds}
     * and a little) so that messages it brings are released at once rather than after their
     * visibility timeout, then closes the clients on a worker thread (closing connections may wait
     * a little).
     */
    @Override
    public Uni<Void> close() {
        QueueConsumer reader;
        Clients opened;
        synchronized (this) {
            closed = true;
            reader = consumer;
            consumer = null;
            opened = clients;
            clients = null;
        }
        if (opened == null) {
            if (reader != null) {
                reader.close();
            }
            return Uni.createFrom().voidItem();
        }
        Uni<Void> drained = reader == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(reader.close())
                        .ifNoItem().after(Duration.ofSeconds(settings.waitTimeSeconds() + 5L))
                        .recoverWithItem((Void) null)
                        .onFailure().recoverWithNull().replaceWithVoid();
        return drained.chain(() -> context.executeBlocking(() -> {
            opened.close();
            return null;
        })).replaceWithVoid();
    }

    private Topology topology() {
        open();
        return topology;
    }

    private Clients open() {
        Clients c = clients;
        if (c == null) {
            throw new IllegalStateException("pubsub.aws.snssqs is not initialized or already closed");
        }
        return c;
    }
}
