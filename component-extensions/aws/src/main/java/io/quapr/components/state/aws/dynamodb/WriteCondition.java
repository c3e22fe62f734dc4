package io.quapr.components.state.aws.dynamodb;

import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The condition a write puts on the stored item, as DynamoDB takes it: an expression with its
 * attribute names and values. {@link #NONE} for an unconditional write.
 *
 * <p>
 * The expressions are daprd's ({@code etag = :etag}, {@code attribute_not_exists(etag)}). When
 * TTL is on they also treat an expired item as absent, as reads do: DynamoDB removes expired
 * items lazily, so until it does an ETag must not match one and a first write must replace one.
 *
 * @param expression the condition expression, or {@code null} for none
 * @param names expression attribute names, possibly empty
 * @param values expression attribute values, possibly empty
 */
record WriteCondition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    /** No condition. */
    static final WriteCondition NONE = new WriteCondition(null, Map.of(), Map.of());

    /** The condition {@code op} puts on the stored item; deletes, as in daprd, only an ETag. */
    static WriteCondition of(StateOperation op, String ttlAttribute, Instant now) {
        boolean firstWrite = op instanceof SetRequest && op.options().firstWrite();
        return of(op.etag(), firstWrite, ttlAttribute, now);
    }

    /**
     * The condition for a write carrying {@code etag} (match it), or with none, for a first-write
     * set (no live item); {@link #NONE} otherwise.
     *
     * @param etag the expected ETag; {@code null} or empty for none, as daprd treats both
     * @param firstWrite whether the write is a first-write set
     * @param ttlAttribute the expiry attribute, or {@code null} when TTL is off
     * @param now the component clock's time
     */
    private static WriteCondition of(String etag, boolean firstWrite, String ttlAttribute, Instant now) {
        boolean ttl = ttlAttribute != null;
        if (etag != null && !etag.isEmpty()) {
            // "NOT x <= :now" is also true when x is absent or not a number, both of which never expire
            return ttl
                    ? new WriteCondition("etag = :etag AND NOT #ttl <= :now", Map.of("#ttl", ttlAttribute),
                            Map.of(":etag", AttributeValue.fromS(etag), ":now", now(now)))
                    : new WriteCondition("etag = :etag", Map.of(), Map.of(":etag", AttributeValue.fromS(etag)));
        }
        if (firstWrite) {
            return ttl
                    ? new WriteCondition("attribute_not_exists(etag) OR #ttl <= :now", Map.of("#ttl", ttlAttribute),
                            Map.of(":now", now(now)))
                    : new WriteCondition("attribute_not_exists(etag)", Map.of(), Map.of());
        }
        return NONE;
    }

    private static AttributeValue now(Instant now) {
        return AttributeValue.fromN(Long.toString(now.getEpochSecond()));
    }

    PutItemRequest.Builder applyTo(PutItemRequest.Builder put) {
        return applyTo(put, PutItemRequest.Builder::conditionExpression,
                PutItemRequest.Builder::expressionAttributeNames, PutItemRequest.Builder::expressionAttributeValues);
    }

    DeleteItemRequest.Builder applyTo(DeleteItemRequest.Builder delete) {
        return applyTo(delete, DeleteItemRequest.Builder::conditionExpression,
                DeleteItemRequest.Builder::expressionAttributeNames,
                DeleteItemRequest.Builder::expressionAttributeValues);
    }

    Put.Builder applyTo(Put.Builder put) {
        return applyTo(put, Put.Builder::conditionExpression, Put.Builder::expressionAttributeNames,
                Put.Builder::expressionAttributeValues);
    }

    Delete.Builder applyTo(Delete.Builder delete) {
        return applyTo(delete, Delete.Builder::conditionExpression, Delete.Builder::expressionAttributeNames,
                Delete.Builder::expressionAttributeValues);
    }

    /**
     * Sets this condition on {@code builder} through its three setters: the SDK's four request
     * builders have the same setters but no common type to call them on.
     */
    private <B> B applyTo(B builder, BiConsumer<B, String> setExpression, BiConsumer<B, Map<String, String>> setNames,
            BiConsumer<B, Map<String, AttributeValue>> setValues) {
        if (expression != null) {
            setExpression.accept(builder, expression);
            // DynamoDB rejects empty name/value maps, so each is only sent when it has entries
            if (!names.isEmpty()) {
                setNames.accept(builder, names);
            }
            if (!values.isEmpty()) {
                setValues.accept(builder, values);
            }
        }
        return builder;
    }
}
