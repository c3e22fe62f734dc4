package io.quapr.components.kafka;

import io.quapr.spi.pubsub.Message;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Translates between Dapr messages and Kafka records exactly as daprd does, so both sidecars can
 * share topics:
 * <ul>
 * <li>publish: every request metadata entry becomes a record header of the same name; the key is
 * {@code partitionKey} (or {@code __key}); {@code partitionNumber} picks the partition; a body
 * that is the JSON {@code null} is sent as a null value (a tombstone). Beyond daprd, the
 * content type travels in a {@code content-type} header, the header daprd's subscriber reads as
 * the message's content type.</li>
 * <li>subscribe: the metadata holds {@code __key}, {@code __offset}, {@code __topic},
 * {@code __timestamp} (milliseconds), {@code __partition} and every header; a null value arrives
 * as {@code null}.</li>
 * </ul>
 * Keys matching {@code excludeHeaderMetaRegex} stay out of headers and metadata.
 */
public final class RecordMapping {

    /** Request metadata naming the record key. */
    static final String PARTITION_KEY = "partitionKey";
    /** daprd's other spelling of the key, also the key's name in delivered metadata. */
    static final String KEY = "__key";
    /** Request metadata naming the partition explicitly. */
    static final String PARTITION_NUMBER = "partitionNumber";
    /** The header carrying the content type. */
    static final String CONTENT_TYPE = "content-type";

    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.UTF_8);

    private final KafkaSettings settings;

    /** A mapping for a component with these settings ({@code escapeHeaders}, excluded headers). */
    public RecordMapping(KafkaSettings settings) {
        this.settings = settings;
    }

    /**
     * The record for one message.
     *
     * @param partitions the topic's partition count, asked only when a key or partition number
     *        needs it (it may wait for the topic's metadata)
     * @throws IllegalArgumentException for a {@code partitionNumber} that is not a partition of
     *         the topic, with daprd's wording
     */
    public ProducerRecord<byte[], byte[]> toRecord(String topic, byte[] data, String contentType,
            Map<String, String> metadata,
            IntSupplier partitions) {
        byte[] key = null;
        Integer partition = null;
        RecordHeaders headers = new RecordHeaders();
        boolean contentTypeGiven = false;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (name.equals(PARTITION_KEY) || name.equals(KEY)) {
                key = value.getBytes(StandardCharsets.UTF_8);
            } else if (name.equals(PARTITION_NUMBER)) {
                partition = partitionNumber(value);
            }
            contentTypeGiven |= name.equalsIgnoreCase(CONTENT_TYPE);
            if (!settings.excluded(name)) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (contentType != null && !contentType.isEmpty() && !contentTypeGiven && !settings.excluded(CONTENT_TYPE)) {
            headers.add(CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
        }
        if (partition != null) {
            int count = partitions.getAsInt();
            if (partition >= count) {
                throw new IllegalArgumentException("partition number " + partition
                        + " is out of range, topic has " + count + " partitions");
            }
        } else if (key != null) {
            partition = KeyPartitioner.partition(key, partitions.getAsInt());
        }
        byte[] value = data == null || Arrays.equals(data, JSON_NULL) ? null : data;
        return new ProducerRecord<>(topic, partition, key, value, headers);
    }

    private static int partitionNumber(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid partitionNumber metadata value \"" + value + "\"");
        }
        if (n < 0) {
            throw new IllegalArgumentException("partitionNumber must be non-negative, got " + n);
        }
        return n;
    }

    /** The message for one received record. */
    public Message toMessage(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> md = new LinkedHashMap<>();
        if (r.key() != null) {
            md.put(KEY, escape(new String(r.key(), StandardCharsets.UTF_8)));
        }
        md.put("__offset", Long.toString(r.offset()));
        md.put("__topic", r.topic());
        md.put("__timestamp", Long.toString(r.timestamp()));
        md.put("__partition", Integer.toString(r.partition()));
        String contentType = null;
        for (Header h : r.headers()) {
            String value = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().equalsIgnoreCase(CONTENT_TYPE)) {
                contentType = value;
            }
            if (!settings.excluded(h.key())) {
                md.put(h.key(), escape(value));
            }
        }
        return new Message(r.topic(), r.value() == null ? JSON_NULL.clone() : r.value(), contentType, md);
    }

    /** Go's {@code url.QueryEscape} when {@code escapeHeaders} is on, else the text unchanged. */
    private String escape(String s) {
        if (!settings.escapeHeaders()) {
            return s;
        }
        // URLEncoder leaves '*' alone and escapes '~'; Go does the opposite
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }
}
