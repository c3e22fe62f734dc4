package io.quapr.components.bindings.aws.sqs;

import static io.quapr.components.aws.MotoComponents.await;
import static io.quapr.components.bindings.aws.BindingTesting.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.aws.Moto;
import io.quapr.components.aws.MotoComponents;
import io.quapr.components.bindings.aws.BindingFixtures;
import io.quapr.spi.MetadataException;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputReader;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * bindings.aws.sqs on moto beyond the kit's input cases: the message body is the request's data
 * exactly as it came (a JSON string keeps its quotes, as daprd sends it), events carry no
 * metadata, a queue that does not exist fails {@code create} with SQS's error while a reader keeps
 * trying until it exists, and receive settings outside SQS's limits are refused at start-up.
 */
class SqsBindingTest {

    private static Vertx vertx;
    private static SqsAsyncClient raw;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = Moto.client(SqsAsyncClient.builder());
    }

    @AfterAll
    static void stop() {
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void createSendsTheDataAsTheBodyAndTheReaderHandsItOverWithoutMetadata() throws Exception {
        String queue = Moto.newName("quapr-sqs-binding");
        BindingFixtures.queue(queue);
        SqsBinding binding = MotoComponents.start(new SqsBinding(), vertx,
                MotoComponents.metadata(Map.of("queueName", queue, "messageWaitTimeSeconds", "1")));
        try {
            assertNull(invoke(binding, "create", "\"quoted\" {\"a\":1}", Map.of()));
            String url = raw.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
            List<Message> got = raw.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).visibilityTimeout(0))
                    .join().messages();
            assertEquals(1, got.size());
            assertEquals("\"quoted\" {\"a\":1}", got.get(0).body());

            List<InputEvent> events = new CopyOnWriteArrayList<>();
            InputReader reader = await(binding.read(e -> {
                events.add(e);
                return Uni.createFrom().item(new byte[0]);
            }));
            try {
                long end = System.nanoTime() + 30_000_000_000L;
                while (events.isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertEquals(1, events.size());
                assertEquals("\"quoted\" {\"a\":1}", new String(events.get(0).data(), StandardCharsets.UTF_8));
                assertEquals(Map.of(), events.get(0).metadata());
            } finally {
                await(reader.stop());
            }
            // accepted, so deleted: nothing left once the visibility timeout would have passed
            Thread.sleep(1_000);
            assertEquals("0", raw.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).join()
                    .attributesAsStrings().get("ApproximateNumberOfMessages"));
        } finally {
            await(binding.close());
        }
    }

    @Test
    void aMissingQueueFailsCreateAndTheReaderKeepsTryingUntilItExists() throws Exception {
        String queue = Moto.newName("quapr-late-queue");
        SqsBinding binding = MotoComponents.start(new SqsBinding(), vertx,
                MotoComponents.metadata(Map.of("queueName", queue, "messageWaitTimeSeconds", "1")));
        try {
            assertThrows(QueueDoesNotExistException.class, () -> invoke(binding, "create", "x", Map.of()));
            List<InputEvent> events = new CopyOnWriteArrayList<>();
            InputReader reader = await(binding.read(e -> {
                events.add(e);
                return Uni.createFrom().item(new byte[0]);
            }));
            try {
                Thread.sleep(700);
                BindingFixtures.queue(queue);
                invoke(binding, "create", "late", Map.of());
                long end = System.nanoTime() + 30_000_000_000L;
                while (events.isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertEquals(1, events.size(), "the reader gave up on the queue");
            } finally {
                await(reader.stop());
            }
        } finally {
            await(binding.close());
        }
    }

    @Test
    void receiveSettingsOutsideSqsLimitsAreRefused() {
        for (Map<String, String> wrong : List.of(Map.of("messageMaxNumber", "11"), Map.of("messageMaxNumber", "0"),
                Map.of("messageWaitTimeSeconds", "21"), Map.of("messageVisibilityTimeout", "-1"))) {
            Map<String, String> md = new HashMap<>(MotoComponents.metadata(wrong));
            md.put("queueName", "q");
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> MotoComponents.start(new SqsBinding(), vertx, md), wrong.toString());
            assertTrue(e instanceof MetadataException || e.getCause() instanceof MetadataException, e.toString());
        }
    }
}
