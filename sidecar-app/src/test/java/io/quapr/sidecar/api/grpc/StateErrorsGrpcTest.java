package io.quapr.sidecar.api.grpc;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static io.quapr.sidecar.testing.GrpcStatusDetails.resourceInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.dapr.v1.CommonProtos.Etag;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.CommonProtos.StateOptions;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.QueryStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The state API's gRPC failures: daprd's status codes, messages and {@code ErrorInfo} reasons. */
@QuarkusTest
class StateErrorsGrpcTest {

    private static final String STORE = "statestore";

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    private final String prefix = "grpc-err-" + UUID.randomUUID() + "-";

    @Test
    void unknownStoreIsInvalidArgumentWithStateNotFound() {
        StatusRuntimeException e = fails(
                () -> dapr.getState(GetStateRequest.newBuilder().setStoreName("nope").setKey("k").build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("state store nope is not found", e.getStatus().getDescription());
        ErrorInfo info = errorInfo(e);
        assertEquals("DAPR_STATE_NOT_FOUND", info.getReason());
        assertEquals("dapr.io", info.getDomain());
    }

    @Test
    void etagMismatchOnSaveIsAborted() {
        save(prefix + "m", "v1", null);

        StatusRuntimeException e = fails(() -> save(prefix + "m", "v2", "999999"));

        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        String message = e.getStatus().getDescription();
        assertTrue(message.startsWith("failed saving state in state store statestore: possible etag mismatch"),
                message);
        assertEquals("ERR_STATE_SAVE", errorInfo(e).getReason());
        assertEquals("v1", get(prefix + "m"));
    }

    @Test
    void invalidEtagIsInvalidArgument() {
        save(prefix + "i", "v1", null);

        StatusRuntimeException e = fails(() -> save(prefix + "i", "v2", "not-a-version"));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("invalid etag value"), e.getStatus().getDescription());
        assertEquals("ERR_STATE_SAVE", errorInfo(e).getReason());
    }

    @Test
    void firstWriteWithoutEtagOnAnExistingKeyIsAborted() {
        save(prefix + "fw", "v1", null);

        StatusRuntimeException e = fails(() -> dapr.saveState(SaveStateRequest.newBuilder().setStoreName(STORE)
                .addStates(StateItem.newBuilder().setKey(prefix + "fw").setValue(ByteString.copyFromUtf8("v2"))
                        .setOptions(StateOptions.newBuilder()
                                .setConcurrency(StateOptions.StateConcurrency.CONCURRENCY_FIRST_WRITE)))
                .build()));

        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
    }

    @Test
    void etagMismatchOnDeleteIsAbortedAndKeepsTheKey() {
        save(prefix + "dm", "v1", null);

        StatusRuntimeException e = fails(() -> dapr.deleteState(DeleteStateRequest.newBuilder().setStoreName(STORE)
                .setKey(prefix + "dm").setEtag(Etag.newBuilder().setValue("999999")).build()));

        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals("ERR_STATE_DELETE", errorInfo(e).getReason());
        assertEquals("v1", get(prefix + "dm"));
    }

    @Test
    void keyWithTheSeparatorIsRefused() {
        StatusRuntimeException e = fails(() -> get("a||b"));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("input key/keyPrefix 'a||b' can't contain '||'", e.getStatus().getDescription());
        assertEquals("DAPR_STATE_ILLEGAL_KEY", errorInfo(e).getReason());
        assertEquals("statestore", resourceInfo(e).getResourceName());
    }

    @Test
    void emptyKeyOnSaveIsRefusedInDaprdsWords() {
        StatusRuntimeException e = fails(() -> save("", "v", null));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("state key cannot be empty", e.getStatus().getDescription());
        assertEquals("ERR_STATE_SAVE", errorInfo(e).getReason());
    }

    @Test
    void unknownTransactionOperationIsUnimplemented() {
        StatusRuntimeException e = fails(() -> dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder()
                .setStoreName(STORE).addOperations(TransactionalStateOperation.newBuilder().setOperationType("merge")
                        .setRequest(StateItem.newBuilder().setKey(prefix + "op")))
                .build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("operation type merge not supported", e.getStatus().getDescription());
        assertEquals("ERR_NOT_SUPPORTED_STATE_OPERATION", errorInfo(e).getReason());
    }

    @Test
    void transactionOnAStoreWithoutTransactionsIsUnimplemented() {
        StatusRuntimeException e = fails(() -> dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder()
                .setStoreName("plainstore").addOperations(TransactionalStateOperation.newBuilder()
                        .setOperationType("upsert").setRequest(StateItem.newBuilder().setKey(prefix + "p")))
                .build()));

        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("state store plainstore doesn't support transactions", e.getStatus().getDescription());
        assertEquals("DAPR_STATE_TRANSACTIONS_NOT_SUPPORTED", errorInfo(e).getReason());
        assertEquals("state", resourceInfo(e).getResourceType());
    }

    @Test
    void failedTransactionIsInternalAndAppliesNothing() {
        save(prefix + "tx", "v1", null);

        StatusRuntimeException e = fails(() -> dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder()
                .setStoreName(STORE)
                .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
                        .setRequest(StateItem.newBuilder().setKey(prefix + "tx-other")
                                .setValue(ByteString.copyFromUtf8("x"))))
                .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
                        .setRequest(StateItem.newBuilder().setKey(prefix + "tx").setValue(ByteString.copyFromUtf8("v2"))
                                .setEtag(Etag.newBuilder().setValue("999999"))))
                .build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("error while executing state transaction: "));
        assertEquals("ERR_STATE_TRANSACTION", errorInfo(e).getReason());
        assertEquals("v1", get(prefix + "tx"));
        assertEquals("", get(prefix + "tx-other"));
    }

    @Test
    void queryOnAStoreWithoutTheQueryApiIsInternal() {
        StatusRuntimeException e = fails(() -> dapr.queryStateAlpha1(
                QueryStateRequest.newBuilder().setStoreName(STORE).setQuery("{\"filter\":{}}").build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("state store does not support querying", e.getStatus().getDescription());
        assertEquals("DAPR_STATE_QUERYING_NOT_SUPPORTED", errorInfo(e).getReason());
    }

    private static StatusRuntimeException fails(Executable call) {
        return assertThrows(StatusRuntimeException.class, call);
    }

    private void save(String key, String value, String etag) {
        StateItem.Builder item = StateItem.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value));
        if (etag != null) {
            item.setEtag(Etag.newBuilder().setValue(etag));
        }
        dapr.saveState(SaveStateRequest.newBuilder().setStoreName(STORE).addStates(item).build());
    }

    private String get(String key) {
        return dapr.getState(GetStateRequest.newBuilder().setStoreName(STORE).setKey(key).build()).getData()
                .toStringUtf8();
    }
}
