package io.quapr.components.state.aws.dynamodb;

import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A state transaction turned into one {@code TransactWriteItems} call.
 *
 * <p>
 * DynamoDB refuses two actions on one item in a transaction, so, as daprd does, only the last
 * operation on each key is sent, where it stands in the list. Unlike daprd, the result is still
 * what applying the operations in order would give: the sent action carries the condition of the
 * <em>first</em> operation on its key (the only one checked against the stored item), and a later
 * operation whose condition cannot hold after the earlier ones (an ETag, which no client can know
 * for a value written in this same transaction; a first-write set after a set) fails the whole
 * transaction before anything is sent.
 *
 * @param items the actions, in request order
 * @param keys the key of each action, index for index, to name the key DynamoDB's cancellation
 *        reasons point at
 */
record TransactionPlan(List<TransactWriteItem> items, List<String> keys) {

    /**
     * Plans {@code operations}.
     *
     * @throws ETagMismatchException when a later operation's condition cannot hold
     */
    static TransactionPlan of(List<StateOperation> operations, String table, ItemLayout layout, String ttlAttribute,
            Instant now) {
        Map<String, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            lastIndex.put(operations.get(i).key(), i);
        }
        Map<String, WriteCondition> firstCondition = new HashMap<>();
        Map<String, StateOperation> previous = new HashMap<>();
        for (StateOperation op : operations) {
            StateOperation before = previous.put(op.key(), op);
            if (before == null) {
                firstCondition.put(op.key(), WriteCondition.of(op, ttlAttribute, now));
            } else if (!reachable(before, op)) {
                throw new ETagMismatchException(op.key());
            }
        }
        List<TransactWriteItem> items = new ArrayList<>(lastIndex.size());
        List<String> keys = new ArrayList<>(lastIndex.size());
        for (int i = 0; i < operations.size(); i++) {
            StateOperation op = operations.get(i);
            if (lastIndex.get(op.key()) != i) {
                continue;
            }
            WriteCondition condition = firstCondition.get(op.key());
            items.add(op instanceof SetRequest set
                    ? TransactWriteItem.builder().put(condition.applyTo(Put.builder()
                            .tableName(table).item(layout.item(set, now))).build()).build()
                    : TransactWriteItem.builder().delete(condition.applyTo(Delete.builder()
                            .tableName(table).key(layout.key(op.key()))).build()).build());
            keys.add(op.key());
        }
        return new TransactionPlan(List.copyOf(items), List.copyOf(keys));
    }

    /** Whether {@code op}'s condition can hold right after {@code before} ran on the same key. */
    private static boolean reachable(StateOperation before, StateOperation op) {
        if (op.etag() != null && !op.etag().isEmpty()) {
            return false;
        }
        boolean firstWriteSet = op instanceof SetRequest && op.options().firstWrite();
        return !firstWriteSet || before instanceof DeleteRequest;
    }
}
