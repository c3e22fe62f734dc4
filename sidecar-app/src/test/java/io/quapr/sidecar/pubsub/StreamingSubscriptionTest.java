package io.quapr.sidecar.pubsub;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse.TopicEventResponseStatus;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestInitialAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestProcessedAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseAlpha1;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Streaming subscriptions ({@code SubscribeTopicEventsAlpha1}), with no app port: events come
 * down the stream, the client's answers decide, DROP goes to the dead-letter topic, and the
 * stream is listed as a STREAMING subscription while it is open.
 */
@QuarkusTest
class StreamingSubscriptionTest {

    @GrpcClient("dapr")
    Channel channel;

    @Test
    void eventsComeDownTheStreamAndTheAnswersDecide() throws Exception {
        String topic = "stream-" + UUID.randomUUID();
        Client client = open(SubscribeTopicEventsRequestInitialAlpha1.newBuilder().setPubsubName("pubsub")
                .setTopic(topic).setDeadLetterTopic(topic + "-dlq").build());
        assertTrue(client.next().hasInitialResponse());
        assertTrue(given().get("/v1.0/metadata").jsonPath()
                .getString("subscriptions.find { it.topic == '" + topic + "' }.type").equals("STREAMING"));

        publish(topic, "first");
        TopicEventRequest first = client.next().getEventMessage();
        assertEquals("first", first.getData().toStringUtf8());
        assertEquals(topic, first.getTopic());
        assertEquals("/", first.getPath());
        client.answer(first.getId(), TopicEventResponseStatus.SUCCESS);

        publish(topic, "second");
        TopicEventRequest second = client.next().getEventMessage();
        client.answer(second.getId(), TopicEventResponseStatus.DROP);
        TestApp.until(() -> MemoryPubSub.published("pubsub", topic + "-dlq").size() == 1, Duration.ofSeconds(10));

        publish(topic, "third");
        TopicEventRequest third = client.next().getEventMessage();
        client.answer(third.getId(), TopicEventResponseStatus.RETRY);
        TopicEventRequest again = client.next().getEventMessage();
        assertEquals("third", again.getData().toStringUtf8(), "a RETRY comes back");
        client.answer(again.getId(), TopicEventResponseStatus.SUCCESS);

        client.requests.onCompleted();
        TestApp.until(() -> !given().get("/v1.0/metadata").asString().contains(topic), Duration.ofSeconds(10));
    }

    @Test
    void unknownPubsubFailsTheStream() throws Exception {
        Client client = open(SubscribeTopicEventsRequestInitialAlpha1.newBuilder().setPubsubName("nope")
                .setTopic("t").build());

        Status status = Status.fromThrowable(client.failure.get(10, TimeUnit.SECONDS));
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("pubsub nope is not found", status.getDescription());
    }

    @Test
    void missingTopicFailsTheStream() throws Exception {
        Client client = open(SubscribeTopicEventsRequestInitialAlpha1.newBuilder().setPubsubName("pubsub").build());

        Status status = Status.fromThrowable(client.failure.get(10, TimeUnit.SECONDS));
        assertEquals(Status.Code.UNKNOWN, status.getCode());
        assertEquals("topic is required", status.getDescription());
    }

    private Client open(SubscribeTopicEventsRequestInitialAlpha1 initial) {
        Client client = new Client();
        client.requests = DaprGrpc.newStub(channel).subscribeTopicEventsAlpha1(client);
        client.requests.onNext(SubscribeTopicEventsRequestAlpha1.newBuilder().setInitialRequest(initial).build());
        return client;
    }

    private static void publish(String topic, String data) {
        given().contentType("text/plain").body(data).post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);
    }

    /** The test's end of a stream. */
    private static final class Client implements StreamObserver<SubscribeTopicEventsResponseAlpha1> {

        final BlockingQueue<SubscribeTopicEventsResponseAlpha1> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        StreamObserver<SubscribeTopicEventsRequestAlpha1> requests;

        SubscribeTopicEventsResponseAlpha1 next() throws InterruptedException {
            SubscribeTopicEventsResponseAlpha1 r = received.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("nothing came down the stream", failure.getNow(null));
            }
            return r;
        }

        void answer(String id, TopicEventResponseStatus status) {
            requests.onNext(SubscribeTopicEventsRequestAlpha1.newBuilder().setEventProcessed(
                    SubscribeTopicEventsRequestProcessedAlpha1.newBuilder().setId(id)
                            .setStatus(TopicEventResponse.newBuilder().setStatus(status)))
                    .build());
        }

        @Override
        public void onNext(SubscribeTopicEventsResponseAlpha1 value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            failure.complete(t);
        }

        @Override
        public void onCompleted() {
            failure.complete(null);
        }
    }
}
