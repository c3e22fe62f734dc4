package io.quapr.components.bindings.kafka;

import io.quapr.components.kafka.KafkaConnection;
import io.quapr.components.kafka.KafkaSettings;
import io.quapr.components.kafka.RecordMapping;
import io.quapr.components.kafka.TopicSubscription;
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
import io.quapr.spi.pubsub.Message;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.jboss.logging.Logger;

/**
 * {@code bindings.kafka}: Dapr's Kafka binding on the module's shared Kafka code, so its records
 * look exactly like {@code pubsub.kafka}'s and daprd's.
 *
 * <p>
 * Output: {@code create} sends the data to {@code publishTopic}; every request metadata entry
 * becomes a record header, and {@code partitionKey} (or {@code __key}) is also the record key,
 * partitioned as daprd partitions keys ({@link RecordMapping}). Input: one consumer in
 * {@code consumerGroup} reads every topic of {@code topics}; each record is handed to the app
 * with the data as it is and the metadata {@code __key}, {@code __topic}, {@code __partition},
 * {@code __offset}, {@code __timestamp} plus the headers. Records of one partition go one at a
 * time, in order; an offset is committed only past records the app took, and a record it refused
 * is delivered again (with the rest of its partition after it) after {@code consumeRetryInterval}
 * ({@link TopicSubscription}). daprd's binding, with consumer retries off, marks a refused record
 * as consumed and moves on; here the source keeps it, as the SPI asks of a source that can
 * redeliver.
 */
@Dependent
@ComponentType("bindings.kafka")
public class KafkaBinding implements InputBinding, OutputBinding {

    private static final Logger LOG = Logger.getLogger(KafkaBinding.class);

    private String name;
    private ComponentContext context;
    private KafkaSettings settings;
    private RecordMapping mapping;
    private String publishTopic;
    private List<String> topics;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private final Set<TopicSubscription> readers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Made by CDI; {@link #init} configures it. */
    public KafkaBinding() {
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
            // a binding's consumer group is named in its metadata: daprd gives bindings no app id default
            this.settings = KafkaSettings.of(metadata, null);
            this.mapping = new RecordMapping(settings);
            this.publishTopic = metadata.string("publishTopic", "").trim();
            this.topics = Arrays.stream(metadata.string("topics", "").split(","))
                    .map(String::trim).filter(t -> !t.isEmpty()).toList();
            topics.forEach(t -> validTopic("topics", t));
            if (!publishTopic.isEmpty()) {
                validTopic("publishTopic", publishTopic);
            }
            return context.executeBlocking(() -> {
                producer = KafkaConnection.producer(settings);
                return null;
            });
        });
    }

    /** A topic name Kafka accepts, else a metadata error naming the field. */
    private static void validTopic(String field, String topic) {
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            throw new MetadataException("kafka binding: '" + field + "' names an invalid topic: " + e.getMessage());
        }
    }

    @Override
    public List<String> operations() {
        return List.of("create");
    }

    /**
     * {@code create}: sends one record to {@code publishTopic} and completes once the brokers
     * acknowledged it (as daprd's synchronous producer does); answers no data.
     */
    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        Context caller = Vertx.currentContext();
        Uni<InvokeResponse> sent = Uni.createFrom().deferred(() -> {
            KafkaProducer<byte[], byte[]> p = producer;
            if (closed || p == null) {
                throw new IllegalStateException("binding " + name + " is closed");
            }
            if (publishTopic.isEmpty()) {
                throw new IllegalArgumentException("kafka binding " + name + ": no publishTopic in its metadata,"
                        + " so it cannot create");
            }
            // on a worker: a key or partitionNumber asks for the topic's partition count, which may wait
            return context.executeBlocking(() -> {
                ProducerRecord<byte[], byte[]> record = mapping.toRecord(publishTopic, request.data(), null,
                        request.metadata(), () -> p.partitionsFor(publishTopic).size());
                return KafkaConnection.send(p, record);
            });
        }).chain(f -> Uni.createFrom().completionStage(f)).replaceWith((InvokeResponse) null);
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /**
     * Starts one consumer for every topic of {@code topics}; completes once it has its partitions
     * (a few seconds at most). With no {@code topics} nothing is read, as in daprd.
     */
    @Override
    public Uni<InputReader> read(InputHandler handler) {
        Context caller = Vertx.currentContext();
        Uni<InputReader> started = Uni.createFrom().deferred(() -> {
            if (closed) {
                throw new IllegalStateException("binding " + name + " is closed");
            }
            if (topics.isEmpty()) {
                LOG.warnf("kafka binding %s: no topics in its metadata, so it reads nothing", name);
                return Uni.createFrom().item((InputReader) () -> Uni.createFrom().voidItem());
            }
            if (settings.consumerGroup().isEmpty()) {
                throw new IllegalStateException("kafka binding " + name + " cannot read " + topics
                        + ": no consumerGroup in its metadata");
            }
            TopicSubscription s = new TopicSubscription(name, topics, settings,
                    record -> handler.handle(event(record)), context.vertx());
            readers.add(s);
            return Uni.createFrom().completionStage(s.start())
                    .onFailure().call(() -> stop(s))
                    .replaceWith(() -> (InputReader) () -> stop(s));
        });
        return caller == null ? started : started.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private InputEvent event(ConsumerRecord<byte[], byte[]> record) {
        Message m = mapping.toMessage(record);
        return new InputEvent(m.data(), m.metadata());
    }

    private Uni<Void> stop(TopicSubscription s) {
        readers.remove(s);
        return s.cancel();
    }

    /** Stops every reader (nothing in flight is acknowledged), then the producer. */
    @Override
    public Uni<Void> close() {
        closed = true;
        List<Uni<Void>> stops = List.copyOf(readers).stream().map(this::stop).toList();
        Uni<Void> readersStopped = stops.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(stops).andCollectFailures().replaceWithVoid();
        return readersStopped.onFailure().invoke(e -> LOG.debugf(e, "kafka binding %s: stopping readers", name))
                .onFailure().recoverWithNull()
                .chain(() -> {
                    KafkaProducer<byte[], byte[]> p = producer;
                    return p == null ? Uni.createFrom().voidItem() : context.executeBlocking(() -> {
                        p.close(Duration.ofSeconds(5));
                        return null;
                    });
                });
    }
}
