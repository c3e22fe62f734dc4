package io.quapr.sidecar.configuration;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprConfigurationProtos.GetConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.ConfigLockProfile;
import io.quapr.sidecar.testing.TestRedis;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Configuration API over gRPC, against {@code configuration.redis}. */
@QuarkusTest
@TestProfile(ConfigLockProfile.class)
class ConfigurationGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void getAnswersItemsUnderBothNames() {
        String k = key();
        try (TestRedis redis = new TestRedis(5)) {
            redis.set(k, "red||9");
        }
        GetConfigurationRequest request = GetConfigurationRequest.newBuilder().setStoreName("configstore").addKeys(k)
                .addKeys(key()).build();
        for (GetConfigurationResponse r : new GetConfigurationResponse[] { dapr.getConfiguration(request),
                dapr.getConfigurationAlpha1(request) }) {
            assertEquals(1, r.getItemsCount());
            assertEquals("red", r.getItemsOrThrow(k).getValue());
            assertEquals("9", r.getItemsOrThrow(k).getVersion());
        }
    }

    @Test
    void streamStartsWithTheIdThenCarriesChangesUntilUnsubscribed() {
        String k = key();
        Iterator<SubscribeConfigurationResponse> stream = dapr.withDeadlineAfter(20, TimeUnit.SECONDS)
                .subscribeConfiguration(SubscribeConfigurationRequest.newBuilder().setStoreName("configstore")
                        .addKeys(k).build());
        SubscribeConfigurationResponse first = stream.next();
        String id = first.getId();
        assertFalse(id.isEmpty());
        assertEquals(0, first.getItemsCount(), "the first message carries only the id");

        try (TestRedis redis = new TestRedis(5)) {
            redis.set(k, "v1||1");
        }
        SubscribeConfigurationResponse update = stream.next();
        assertEquals(id, update.getId());
        assertEquals("v1", update.getItemsOrThrow(k).getValue());
        assertEquals("1", update.getItemsOrThrow(k).getVersion());

        UnsubscribeConfigurationResponse unsubscribed = dapr.unsubscribeConfiguration(
                UnsubscribeConfigurationRequest.newBuilder().setStoreName("configstore").setId(id).build());
        assertTrue(unsubscribed.getOk());
        assertFalse(stream.hasNext(), "the stream ends when its subscription is ended");
    }

    @Test
    void unsubscribeOfAnUnknownIdIsNotOkButNoError() {
        UnsubscribeConfigurationResponse r = dapr.unsubscribeConfigurationAlpha1(
                UnsubscribeConfigurationRequest.newBuilder().setStoreName("configstore").setId("nope").build());
        assertFalse(r.getOk());
        assertEquals("failed to unsubscribe to configuration request nope: subscription does not exist",
                r.getMessage());
    }

    @Test
    void aClientThatGoesAwayFreesItsSubscription() throws Exception {
        String k = key();
        // the store's keyspace subscription for the key, as Redis counts its subscribers
        String channel = "__keyspace@5__:" + k;
        try (TestRedis redis = new TestRedis(5)) {
            Context.CancellableContext context = Context.current().withCancellation();
            Context previous = context.attach();
            try {
                Iterator<SubscribeConfigurationResponse> stream = dapr.subscribeConfigurationAlpha1(
                        SubscribeConfigurationRequest.newBuilder().setStoreName("configstore").addKeys(k).build());
                stream.next();
                assertEquals(1, redis.subscribers(channel), "the subscription is not listening");
            } finally {
                context.detach(previous);
                context.cancel(null);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (redis.subscribers(channel) > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(0, redis.subscribers(channel), "the subscription of a client that went away is still there");
        }
    }

    @Test
    void unknownStoreIsInvalidArgumentWithDaprdsErrorInfo() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getConfiguration(
                GetConfigurationRequest.newBuilder().setStoreName("nope").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("configuration store nope not found", e.getStatus().getDescription());
        assertEquals("ERR_CONFIGURATION_STORE_NOT_FOUND", errorInfo(e).getReason());

        StatusRuntimeException s = assertThrows(StatusRuntimeException.class, () -> dapr
                .subscribeConfiguration(SubscribeConfigurationRequest.newBuilder().setStoreName("nope").build())
                .next());
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getStatus().getCode());
    }

    private static String key() {
        return "cfg-" + UUID.randomUUID();
    }
}
