package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.Etag;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.CommonProtos.StateOptions;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.BulkStateItem;
import io.dapr.v1.DaprStateProtos.DeleteBulkStateRequest;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateResponse;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state API over gRPC, when everything goes right: daprd's shapes for every RPC. */
@QuarkusTest
class StateGrpcTest {

    private static final String STORE = "statestore";

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    private final String prefix = "grpc-" + UUID.randomUUID() + "-";

    @Test
    void savedValueReadsBackWithItsEtag() {
        save(prefix + "a", "hello");

        GetStateResponse got = get(prefix + "a");

        assertEquals("hello", got.getData().toStringUtf8());
        assertFalse(got.getEtag().isEmpty(), "the in-memory store has ETags");
    }

    @Test
    void missingKeyIsAnEmptyResponseNotAnError() {
        GetStateResponse got = get(prefix + "never-written");

        assertEquals(GetStateResponse.getDefaultInstance(), got);
    }

    @Test
    void ttlMetadataGoesInAndExpiryComesOut() {
        dapr.saveState(SaveStateRequest.newBuilder().setStoreName(STORE).addStates(StateItem.newBuilder()
                .setKey(prefix + "ttl").setValue(ByteString.copyFromUtf8("v")).putMetadata("ttlInSeconds", "300"))
                .build());

        GetStateResponse got = get(prefix + "ttl");

        assertTrue(got.getMetadataMap().containsKey("ttlExpireTime"), got.getMetadataMap().toString());
    }

    @Test
    void bulkGetAnswersEveryKeyInOrderWithTheAppsKeys() {
        save(prefix + "b1", "one");
        save(prefix + "b2", "two");

        GetBulkStateResponse bulk = dapr.getBulkState(GetBulkStateRequest.newBuilder().setStoreName(STORE)
                .addKeys(prefix + "b1").addKeys(prefix + "missing").addKeys(prefix + "b2").build());

        List<BulkStateItem> items = bulk.getItemsList();
        assertEquals(List.of(prefix + "b1", prefix + "missing", prefix + "b2"),
                items.stream().map(BulkStateItem::getKey).toList(), "no 'testapp||' prefix leaks out");
        assertEquals("one", items.get(0).getData().toStringUtf8());
        assertFalse(items.get(0).getEtag().isEmpty());
        assertTrue(items.get(1).getData().isEmpty());
        assertEquals("", items.get(1).getError());
        assertEquals("two", items.get(2).getData().toStringUtf8());
    }

    @Test
    void deleteWithTheCurrentEtagRemovesTheKey() {
        save(prefix + "d", "x");
        String etag = get(prefix + "d").getEtag();

        dapr.deleteState(DeleteStateRequest.newBuilder().setStoreName(STORE).setKey(prefix + "d")
                .setEtag(Etag.newBuilder().setValue(etag))
                .setOptions(StateOptions.newBuilder()
                        .setConcurrency(StateOptions.StateConcurrency.CONCURRENCY_FIRST_WRITE))
                .build());

        assertTrue(get(prefix + "d").getData().isEmpty());
    }

    @Test
    void bulkDeleteRemovesEveryKey() {
        save(prefix + "x1", "1");
        save(prefix + "x2", "2");

        dapr.deleteBulkState(DeleteBulkStateRequest.newBuilder().setStoreName(STORE)
                .addStates(StateItem.newBuilder().setKey(prefix + "x1"))
                .addStates(StateItem.newBuilder().setKey(prefix + "x2")).build());

        assertTrue(get(prefix + "x1").getData().isEmpty());
        assertTrue(get(prefix + "x2").getData().isEmpty());
    }

    @Test
    void transactionUpsertsAndDeletesTogether() {
        save(prefix + "t-old", "old");

        dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder().setStoreName(STORE)
                .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
                        .setRequest(StateItem.newBuilder().setKey(prefix + "t-new")
                                .setValue(ByteString.copyFromUtf8("new"))))
                .addOperations(TransactionalStateOperation.newBuilder().setOperationType("delete")
                        .setRequest(StateItem.newBuilder().setKey(prefix + "t-old")))
                .build());

        assertEquals("new", get(prefix + "t-new").getData().toStringUtf8());
        assertTrue(get(prefix + "t-old").getData().isEmpty());
    }

    @Test
    void valuesAreKeptAsExactBytes() {
        byte[] bytes = { 0, (byte) 0xff, 0x7f, (byte) 0x80, '{' };
        dapr.saveState(SaveStateRequest.newBuilder().setStoreName(STORE).addStates(
                StateItem.newBuilder().setKey(prefix + "bin").setValue(ByteString.copyFrom(bytes))).build());

        assertEquals(ByteString.copyFrom(bytes), get(prefix + "bin").getData());
    }

    private void save(String key, String value) {
        dapr.saveState(SaveStateRequest.newBuilder().setStoreName(STORE)
                .addStates(StateItem.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value))).build());
    }

    private GetStateResponse get(String key) {
        return dapr.getState(GetStateRequest.newBuilder().setStoreName(STORE).setKey(key).build());
    }
}
