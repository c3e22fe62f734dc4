package io.quapr.components.pubsub.kafka;

import io.quapr.components.kafka.KafkaConnection;
import io.quapr.components.kafka.KafkaSettings;
import io.quapr.components.kafka.RecordMapping;
import io.quapr.components.kafka.TopicSubscription;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.pubsub.BulkPublishEntry;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.internals.Topic;
import org.jboss.logging.Logger;

/**
 * Dapr's {@code pubsub.kafka} on the Apache Kafka Java client, with daprd's record layout
 * ({@link RecordMapping}), daprd's key partitioning (FNV-1a, in the mapping) and daprd's
 * consumer-group model: every subscription of the component joins the group
 * {@code consumerGroup} (default: {@code consumerID}, then the app id) with the classic protocol
 * and the eager {@code range} assignor, so an app can move between daprd and this sidecar and
 * keep its committed offsets.
 *
 * <p>
 * Why the plain Kafka client and not the Vert.x one: at-least-once needs a commit that never
 * passes a message whose handler failed, and a seek back to that message before anything after
 * it is delivered. The Vert.x client polls on its own worker and keeps delivering what it has
 * already fetched after a pause or a seek, so that guarantee would rest on timing. Here each
 * subscription owns its consumer on a thread of its own ({@link TopicSubscription}); the event
 * loop only runs the handler. Publishing calls the producer on a worker thread
 * ({@link ComponentContext#executeBlocking}), because {@code send} blocks while it waits for a
 * new topic's metadata; its completion comes back on the caller's context.
 *
 * <p>
 * Not done here, as in daprd when the broker creates topics: topics are created by the broker on
 * first use ({@code auto.create.topics.enable}). Differences from daprd: the component never
 * retries a handler itself ({@code consumeRetryEnabled} is accepted and has no effect: retries
 * are the sidecar's resiliency policy, and a message the sidecar could not take is delivered
 * again after {@code consumeRetryInterval}); the content type travels in a {@code content-type}
 * header; only {@code authType: none} is implemented; Avro ({@code valueSchemaType}) is refused.
 */
@Dependent
@ComponentType("pubsub.kafka")
public class KafkaPubSub implements PubSub {

    private static final Logger LOG = Logger.getLogger(KafkaPubSub.class);

    private String name;
    private ComponentContext context;
    private KafkaSettings settings;
    private RecordMapping mapping;
    private KafkaProducer<byte[], byte[]> producer;
    private final Set<TopicSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Made by CDI; {@link #init} configures it. */
    public KafkaPubSub() {
    }

    /**
     * Checks the metadata, then connects: init fails when no broker answers within
     * {@code dialTimeout}, as daprd's does.
     */
    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            this.name = metadata.componentName();
            this.context = context;
            this.settings = KafkaSettings.of(metadata, context.appId());
            this.mapping = new RecordMapping(settings);
            return context.executeBlocking(() -> {
                producer = KafkaConnection.producer(settings);
                return null;
            });
        });
    }

    /** Bulk publish is native: one batch, sent in entry order. */
    @Override
    public Set<PubSubFeature> features() {
        return Set.of(PubSubFeature.BULK_PUBLISH);
    }

    @Override
    public Uni<Void> publish(PublishRequest request) {
        return send(request.topic(), request.metadata(),
                List.of(new BulkPublishEntry("", request.data(), request.contentType(), Map.of())))
                .map(failures -> {
                    Throwable f = failures.get(0);
                    if (f != null) {
                        throw f instanceof RuntimeException r ? r : new IllegalStateException(f.getMessage(), f);
                    }
                    return null;
                });
    }

    /**
     * Sends the entries in order in one go, so entries of one partition keep their order; each
     * entry's metadata overrides the request's. Reports the entries that failed by id.
     */
    @Override
    public Uni<Map<String, String>> bulkPublish(String topic, List<BulkPublishEntry> entries,
            Map<String, String> metadata) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return send(topic, metadata, entries).map(failures -> {
            Map<String, String> failed = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                if (failures.get(i) != null) {
                    failed.put(entries.get(i).entryId(), String.valueOf(failures.get(i).getMessage()));
                }
            }
            return Map.copyOf(failed);
        });
    }

    /** Sends entries in order; the list holds each entry's failure, or {@code null}. */
    private Uni<List<Throwable>> send(String topic, Map<String, String> metadata, List<BulkPublishEntry> entries) {
        Context caller = Vertx.currentContext();
        Uni<List<Throwable>> sent = Uni.createFrom().deferred(() -> {
            checkOpen();
            Topic.validate(topic);
            refuseAvro(metadata);
            return context.executeBlocking(() -> sendAll(topic, metadata, entries));
        }).chain(futures -> Uni.createFrom().completionStage(CompletableFuture
                .allOf(futures.toArray(CompletableFuture[]::new)).handle((v, e) -> outcomes(futures))));
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** On a worker thread: {@code send} may wait for the topic's metadata (a new topic). */
    private List<CompletableFuture<Void>> sendAll(String topic, Map<String, String> metadata,
            List<BulkPublishEntry> entries) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(entries.size());
        for (BulkPublishEntry e : entries) {
            try {
                Map<String, String> md = new LinkedHashMap<>(metadata);
                md.putAll(e.metadata());
                ProducerRecord<byte[], byte[]> record = mapping.toRecord(topic, e.data(), e.contentType(), md,
                        () -> producer.partitionsFor(topic).size());
                futures.add(KafkaConnection.send(producer, record));
            } catch (RuntimeException error) {
                futures.add(CompletableFuture.failedFuture(error));
            }
        }
        return futures;
    }

    private static List<Throwable> outcomes(List<CompletableFuture<Void>> futures) {
        List<Throwable> failures = new ArrayList<>(futures.size());
        for (CompletableFuture<Void> f : futures) {
            failures.add(f.handle((v, e) -> e).join());
        }
        return failures;
    }

    /**
     * Starts a consumer in the component's group for the topic. Completes once the consumer has
     * its partitions (at most a few seconds; it keeps joining in the background).
     */
    @Override
    public Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler) {
        Context caller = Vertx.currentContext();
        Uni<Subscription> started = Uni.createFrom().deferred(() -> {
            checkOpen();
            Topic.validate(request.topic());
            refuseAvro(request.metadata());
            if (settings.consumerGroup().isEmpty()) {
                throw new IllegalStateException("pubsub " + name + " cannot subscribe: no consumerGroup, consumerID"
                        + " or app id names its Kafka consumer group");
            }
            TopicSubscription s = new TopicSubscription(name, List.of(request.topic()), settings,
                    record -> handler.handle(mapping.toMessage(record)), context.vertx());
            subscriptions.add(s);
            return Uni.createFrom().completionStage(s.start())
                    .onFailure().call(() -> forget(s))
                    .replaceWith(() -> (Subscription) () -> forget(s));
        });
        return caller == null ? started : started.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private Uni<Void> forget(TopicSubscription s) {
        subscriptions.remove(s);
        return s.cancel();
    }

    private void checkOpen() {
        if (closed || producer == null) {
            throw new IllegalStateException("pubsub " + name + " is closed");
        }
    }

    /** daprd decodes Avro through a schema registry; this component does not have one. */
    private static void refuseAvro(Map<String, String> metadata) {
        String schema = metadata.get("valueSchemaType");
        if (schema != null && !schema.equalsIgnoreCase("none")) {
            throw new IllegalArgumentException("valueSchemaType '" + schema + "' is not supported by this sidecar's"
                    + " pubsub.kafka (no schema registry); only 'None'");
        }
    }

    /** Stops every subscription (nothing in flight is acknowledged), then the producer. */
    @Override
    public Uni<Void> close() {
        closed = true;
        List<Uni<Void>> stops = new ArrayList<>();
        for (TopicSubscription s : List.copyOf(subscriptions)) {
            stops.add(forget(s));
        }
        Uni<Void> subscriptionsStopped = stops.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(stops).andCollectFailures().replaceWithVoid();
        return subscriptionsStopped.onFailure().invoke(e -> LOG.debugf(e, "pubsub %s: stopping subscriptions", name))
                .onFailure().recoverWithNull()
                .chain(() -> producer == null ? Uni.createFrom().voidItem() : context.executeBlocking(() -> {
                    producer.close(Duration.ofSeconds(5));
                    return null;
                }));
    }
}
