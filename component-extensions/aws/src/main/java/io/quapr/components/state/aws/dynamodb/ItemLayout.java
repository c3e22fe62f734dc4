package io.quapr.components.state.aws.dynamodb;

import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * daprd's item layout, so that daprd and this store read each other's tables: the partition key
 * attribute (a string, the prefixed key), {@code value} (see {@link ValueAttribute}), {@code etag}
 * (a string, a random 64-bit number in lower-case hex) and, when TTL is on, the TTL attribute (a
 * number, the expiry in epoch seconds, which DynamoDB's own TTL process reads).
 */
final class ItemLayout {

    /** The attribute holding the value. */
    static final String VALUE = "value";

    /** The attribute holding the ETag. */
    static final String ETAG = "etag";

    private static final BigDecimal LATEST = BigDecimal.valueOf(Instant.MAX.getEpochSecond());
    private static final BigDecimal EARLIEST = BigDecimal.valueOf(Instant.MIN.getEpochSecond());

    private final String partitionKey;
    private final String ttlAttribute;

    /**
     * @param partitionKey the partition key attribute
     * @param ttlAttribute the expiry attribute, or {@code null} when TTL is off
     */
    ItemLayout(String partitionKey, String ttlAttribute) {
        this.partitionKey = partitionKey;
        this.ttlAttribute = ttlAttribute;
    }

    /** The primary key of {@code key}'s item. */
    Map<String, AttributeValue> key(String key) {
        return Map.of(partitionKey, AttributeValue.fromS(key));
    }

    /**
     * The whole item a write stores, with a new ETag.
     *
     * @param now the component clock's time, from which the expiry is counted
     * @throws io.quapr.spi.state.InvalidTtlException when {@code ttlInSeconds} is not a number
     * @throws IllegalArgumentException when it is below -1 or above 2^31-1 (daprd's bounds)
     */
    Map<String, AttributeValue> item(SetRequest request, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(4);
        item.put(partitionKey, AttributeValue.fromS(request.key()));
        item.put(VALUE, ValueAttribute.encode(request.value()));
        item.put(ETAG, AttributeValue.fromS(newEtag()));
        expiresAt(request, now).ifPresent(at -> item.put(ttlAttribute, AttributeValue.fromN(Long.toString(at))));
        return item;
    }

    /**
     * The expiry, in epoch seconds, that a write sets; empty when the request has none, or for
     * {@code -1} (never expires: the write replaces the item, so an earlier expiry goes with it).
     *
     * @throws IllegalArgumentException for any other TTL when there is no TTL attribute to keep
     *         it in (daprd ignores it then, so a key the app believes expires never would)
     */
    Optional<Long> expiresAt(SetRequest request, Instant now) {
        return request.ttlSeconds().filter(ttl -> {
            if (ttl < -1 || ttl > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "incorrect value for metadata 'ttlInSeconds': must be -1 or greater, got " + ttl);
            }
            if (ttl != -1 && ttlAttribute == null) {
                throw new IllegalArgumentException("ttlInSeconds needs the component's 'ttlAttributeName' metadata:"
                        + " DynamoDB keeps the expiry in that attribute");
            }
            return ttl != -1;
        }).map(ttl -> now.getEpochSecond() + ttl);
    }

    /**
     * What a read answers for {@code item}. An item whose expiry has passed is missing: DynamoDB
     * deletes expired items some time later, not at the second.
     *
     * @param item the item, or {@code null}/empty when there is none
     * @param now the component clock's time
     */
    GetResponse read(Map<String, AttributeValue> item, Instant now) {
        if (item == null || item.isEmpty()) {
            return GetResponse.MISSING;
        }
        Map<String, String> metadata = Map.of();
        if (ttlAttribute != null) {
            Optional<Long> expiry = expiry(item.get(ttlAttribute));
            if (expiry.isPresent()) {
                if (expiry.get() <= now.getEpochSecond()) {
                    return GetResponse.MISSING;
                }
                metadata = Map.of(GetResponse.TTL_EXPIRE_TIME, Instant.ofEpochSecond(expiry.get()).toString());
            }
        }
        byte[] data = ValueAttribute.decode(item.get(VALUE));
        if (data == null) {
            return GetResponse.MISSING;
        }
        AttributeValue etag = item.get(ETAG);
        return new GetResponse(data, etag == null ? null : etag.s(), metadata, null);
    }

    /**
     * The expiry in whole epoch seconds. DynamoDB's TTL ignores an attribute that is not a number,
     * and so does this store; a fraction is cut off, as an expiry is only ever seconds-precise.
     */
    private static Optional<Long> expiry(AttributeValue attribute) {
        if (attribute == null || attribute.n() == null) {
            return Optional.empty();
        }
        try {
            BigDecimal seconds = new BigDecimal(attribute.n());
            // compared before rounding: "1e999999" is a number too, and far past any real expiry
            if (seconds.compareTo(LATEST) >= 0) {
                return Optional.of(Instant.MAX.getEpochSecond());
            }
            if (seconds.compareTo(EARLIEST) <= 0) {
                return Optional.of(Instant.MIN.getEpochSecond());
            }
            return Optional.of(seconds.setScale(0, RoundingMode.FLOOR).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** daprd's ETag: a random 64-bit number in hex, without leading zeros. */
    static String newEtag() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 16);
    }
}
