package io.quapr.sidecar.api.grpc;

import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.DaprStateProtos.BulkStateItem;
import io.dapr.v1.DaprStateProtos.DeleteBulkStateRequest;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateResponse;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.QueryStateItem;
import io.dapr.v1.DaprStateProtos.QueryStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.grpc.Status;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.state.DeleteItem;
import io.quapr.sidecar.state.SaveItem;
import io.quapr.sidecar.state.TransactionItem;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.QueryableStateStore;
import io.quapr.spi.state.StateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state API's requests and answers between daprd's proto shapes and {@code StateService}'s
 * types. The proto's ETag is a message, so "no ETag" and "empty ETag" differ on the wire; both
 * mean no ETag here, as they do for every store.
 */
final class StateProtoMapper {

    private StateProtoMapper() {
    }

    /** daprd reads an unknown enum value as "unspecified", so do we. */
    static Consistency consistency(CommonProtos.StateOptions.StateConsistency c) {
        return switch (c) {
            case CONSISTENCY_EVENTUAL -> Consistency.EVENTUAL;
            case CONSISTENCY_STRONG -> Consistency.STRONG;
            default -> Consistency.UNSPECIFIED;
        };
    }

    static Concurrency concurrency(CommonProtos.StateOptions.StateConcurrency c) {
        return switch (c) {
            case CONCURRENCY_FIRST_WRITE -> Concurrency.FIRST_WRITE;
            case CONCURRENCY_LAST_WRITE -> Concurrency.LAST_WRITE;
            default -> Concurrency.UNSPECIFIED;
        };
    }

    static StateOptions options(boolean present, CommonProtos.StateOptions o) {
        return present
                ? new StateOptions(concurrency(o.getConcurrency()), consistency(o.getConsistency()))
                : StateOptions.DEFAULT;
    }

    /**
     * A {@code SaveState}'s items. daprd's gRPC API checks for empty keys itself, before the
     * store, with its own wording and code ({@code ERR_STATE_SAVE}, {@code INVALID_ARGUMENT}).
     */
    static List<SaveItem> saveItems(SaveStateRequest r) {
        List<SaveItem> items = new ArrayList<>(r.getStatesCount());
        for (StateItem s : r.getStatesList()) {
            if (s.getKey().isEmpty()) {
                throw new DaprException(ErrorCode.STATE_SAVE, "state key cannot be empty").withStatus(400,
                        Status.Code.INVALID_ARGUMENT);
            }
            items.add(saveItem(s));
        }
        return items;
    }

    static SaveItem saveItem(StateItem s) {
        return new SaveItem(s.getKey(), s.getValue().toByteArray(), etag(s), s.getMetadataMap(),
                options(s.hasOptions(), s.getOptions()));
    }

    static DeleteItem deleteItem(DeleteStateRequest r) {
        return new DeleteItem(r.getKey(), r.hasEtag() ? r.getEtag().getValue() : null, r.getMetadataMap(),
                options(r.hasOptions(), r.getOptions()));
    }

    static DeleteItem deleteItem(StateItem s) {
        return new DeleteItem(s.getKey(), etag(s), s.getMetadataMap(), options(s.hasOptions(), s.getOptions()));
    }

    static List<DeleteItem> deleteItems(DeleteBulkStateRequest r) {
        return r.getStatesList().stream().map(StateProtoMapper::deleteItem).toList();
    }

    /**
     * A transaction's operations; an operation type other than {@code upsert} or {@code delete}
     * is passed on bare, and {@code StateService} refuses it with daprd's error.
     */
    static List<TransactionItem> transactionItems(ExecuteStateTransactionRequest r) {
        List<TransactionItem> items = new ArrayList<>(r.getOperationsCount());
        for (TransactionalStateOperation op : r.getOperationsList()) {
            String type = op.getOperationType();
            items.add(switch (type) {
                case "upsert" -> new TransactionItem(type, saveItem(op.getRequest()), null);
                case "delete" -> new TransactionItem(type, null, deleteItem(op.getRequest()));
                default -> new TransactionItem(type, null, null);
            });
        }
        return items;
    }

    /** A read's answer; a missing key is the empty response, as daprd sends it. */
    static GetStateResponse getResponse(GetResponse resp) {
        GetStateResponse.Builder b = GetStateResponse.newBuilder();
        if (resp.found()) {
            b.setData(ByteString.copyFrom(resp.data()));
        }
        if (resp.etag() != null) {
            b.setEtag(resp.etag());
        }
        return b.putAllMetadata(nonNull(resp.metadata())).build();
    }

    static GetBulkStateResponse bulkResponse(List<BulkGetItem> items) {
        GetBulkStateResponse.Builder b = GetBulkStateResponse.newBuilder();
        for (BulkGetItem item : items) {
            BulkStateItem.Builder i = BulkStateItem.newBuilder().setKey(item.key());
            if (item.error() != null) {
                i.setError(item.error());
            }
            GetResponse resp = item.response();
            if (resp != null) {
                if (resp.found()) {
                    i.setData(ByteString.copyFrom(resp.data()));
                }
                if (resp.etag() != null) {
                    i.setEtag(resp.etag());
                }
                i.putAllMetadata(nonNull(resp.metadata()));
            }
            b.addItems(i);
        }
        return b.build();
    }

    static QueryStateResponse queryResponse(QueryableStateStore.QueryResponse r) {
        QueryStateResponse.Builder b = QueryStateResponse.newBuilder();
        if (r.results().isEmpty()) {
            // daprd answers an empty result with an empty message: no token, no metadata
            return b.build();
        }
        for (QueryableStateStore.QueryItem item : r.results()) {
            QueryStateItem.Builder i = QueryStateItem.newBuilder().setKey(item.key());
            if (item.data() != null) {
                i.setData(ByteString.copyFrom(item.data()));
            }
            if (item.etag() != null) {
                i.setEtag(item.etag());
            }
            if (item.error() != null) {
                i.setError(item.error());
            }
            b.addResults(i);
        }
        if (r.token() != null) {
            b.setToken(r.token());
        }
        return b.putAllMetadata(nonNull(r.metadata())).build();
    }

    private static String etag(StateItem s) {
        return s.hasEtag() ? s.getEtag().getValue() : null;
    }

    private static Map<String, String> nonNull(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
