package io.quapr.components.pubsub.aws.snssqs;

import io.quapr.components.aws.Moto;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** What the snssqs tests share: raw clients and components on moto, a recording handler. */
final class SnsSqsTesting {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SnsSqsTesting() {
    }

    /** A raw SQS client on moto, standing in for an operator or daprd. */
    static SqsAsyncClient rawSqs() {
        return Moto.client(SqsAsyncClient.builder());
    }

    /** A raw SNS client on moto. */
    static SnsAsyncClient rawSns() {
        return Moto.client(SnsAsyncClient.builder());
    }

    /** A queue or topic name no other test or run uses. */
    static String newName(String prefix) {
        return Moto.newName(prefix);
    }

    /** moto's ARN of the SNS topic or SQS queue {@code name} ({@code service} {@code sns} or {@code sqs}). */
    static String arn(String service, String name) {
        return "arn:aws:" + service + ":" + Moto.REGION + ":" + Moto.ACCOUNT + ":" + name;
    }

    /** Metadata for a component on moto with its own new queue, plus {@code extra}. */
    static Map<String, String> metadata(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", Moto.ENDPOINT.toString());
        m.put("region", Moto.REGION);
        m.put("accessKey", Moto.ACCESS_KEY);
        m.put("secretKey", Moto.ACCESS_KEY);
        m.put("consumerID", newName("app"));
        m.put("messageVisibilityTimeout", "1");
        m.put("messageWaitTimeSeconds", "1");
        m.putAll(extra);
        return m;
    }

    /** Binds {@code metadata} as the sidecar would. */
    static ComponentMetadata bind(Map<String, String> metadata) {
        return ComponentMetadata.bind("snssqs", metadata, MetadataSchema.of(SnsSqsPubSub.class), Set.of()).metadata();
    }

    static ComponentContext context(Vertx vertx) {
        return new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target"));
    }

    /** A component initialized with {@code metadata}. */
    static SnsSqsPubSub start(Vertx vertx, Map<String, String> metadata) {
        SnsSqsPubSub pubsub = new SnsSqsPubSub();
        await(pubsub.init(bind(metadata), context(vertx)));
        return pubsub;
    }

    static void publish(SnsSqsPubSub pubsub, String topic, String text) {
        await(pubsub.publish(new PublishRequest(topic, text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of())));
    }

    static Subscription subscribe(SnsSqsPubSub pubsub, String topic, MessageHandler handler) {
        return await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), handler));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    /** A handler that records what it is given and answers as {@code verdict} says. */
    static final class Recorder implements MessageHandler {

        private final Function<Message, Uni<Void>> verdict;
        private final List<Message> seen = new ArrayList<>();

        Recorder(Function<Message, Uni<Void>> verdict) {
            this.verdict = verdict;
        }

        static Recorder accepting() {
            return new Recorder(m -> Uni.createFrom().voidItem());
        }

        static Recorder rejecting() {
            return new Recorder(m -> Uni.createFrom().failure(new IllegalStateException("rejected on purpose")));
        }

        @Override
        public Uni<Void> handle(Message message) {
            synchronized (this) {
                seen.add(message);
                notifyAll();
            }
            return verdict.apply(message);
        }

        synchronized List<Message> seen() {
            return List.copyOf(seen);
        }

        synchronized List<String> texts() {
            return seen.stream().map(m -> new String(m.data(), StandardCharsets.UTF_8)).toList();
        }

        /** Waits until {@code done} holds of what was seen; whether it did within {@code timeout}. */
        synchronized boolean await(Predicate<List<Message>> done, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
