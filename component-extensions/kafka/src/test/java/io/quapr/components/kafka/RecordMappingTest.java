package io.quapr.components.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quapr.components.pubsub.kafka.KafkaPubSub;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.Message;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** daprd's record layout, both ways. */
class RecordMappingTest {

    /** The metadata as the sidecar binds it against pubsub.kafka's metadata.yaml. */
    static ComponentMetadata bind(Map<String, String> values) {
        return ComponentMetadata.bind("test-kafka", values, MetadataSchema.of(KafkaPubSub.class), Set.of()).metadata();
    }

    private static RecordMapping mapping(Map<String, String> extra) {
        Map<String, String> md = new HashMap<>(Map.of("brokers", "b:9092", "authType", "none"));
        md.putAll(extra);
        return new RecordMapping(KafkaSettings.of(bind(md), "app"));
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> r) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void metadataBecomesHeadersAndTheKeyComesFromPartitionKey() {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("partitionKey", "k");
        md.put("rawPayload", "true");
        ProducerRecord<byte[], byte[]> r = mapping(Map.of()).toRecord("t", bytes("x"), "text/plain", md, () -> 4);
        assertArrayEquals(bytes("k"), r.key());
        assertEquals(KeyPartitioner.partition(bytes("k"), 4), r.partition());
        assertEquals(Map.of("partitionKey", "k", "rawPayload", "true", "content-type", "text/plain"), headers(r));
    }

    @Test
    void theDoubleUnderscoreKeyWorksTooAndNoKeyLeavesThePartitionToTheClient() {
        ProducerRecord<byte[], byte[]> keyed = mapping(Map.of()).toRecord("t", bytes("x"), null, Map.of("__key", "k"),
                () -> 2);
        assertArrayEquals(bytes("k"), keyed.key());
        ProducerRecord<byte[], byte[]> plain = mapping(Map.of()).toRecord("t", bytes("x"), null, Map.of(), () -> {
            throw new AssertionError("no partition count needed");
        });
        assertNull(plain.key());
        assertNull(plain.partition());
        assertEquals(Map.of(), headers(plain));
    }

    @Test
    void aContentTypeInTheMetadataWinsAndExcludedKeysStayOut() {
        RecordMapping m = mapping(Map.of("excludeHeaderMetaRegex", "^rawPayload$"));
        ProducerRecord<byte[], byte[]> r = m.toRecord("t", bytes("x"), "text/plain",
                Map.of("content-type", "application/xml", "rawPayload", "true"), () -> 1);
        assertEquals(Map.of("content-type", "application/xml"), headers(r));
    }

    @Test
    void theJsonNullIsATombstoneAndATombstoneArrivesAsNull() {
        RecordMapping m = mapping(Map.of());
        assertNull(m.toRecord("t", bytes("null"), "application/json", Map.of(), () -> 1).value());
        assertArrayEquals(new byte[0], m.toRecord("t", new byte[0], null, Map.of(), () -> 1).value());
        Message msg = m.toMessage(record(null, null, new RecordHeaders()));
        assertEquals("null", new String(msg.data(), StandardCharsets.UTF_8));
        assertNull(msg.contentType());
    }

    @Test
    void receivedMetadataHoldsThePositionAndHeadersEscapedWhenAsked() {
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", bytes("application/json"));
        h.add("note", bytes("a b~c*"));
        Message plain = mapping(Map.of()).toMessage(record(bytes("k 1"), bytes("{}"), h));
        assertEquals("application/json", plain.contentType());
        assertEquals(Map.of("__key", "k 1", "__offset", "42", "__topic", "t", "__timestamp", "1700000000000",
                "__partition", "3", "content-type", "application/json", "note", "a b~c*"), plain.metadata());

        Message escaped = mapping(Map.of("escapeHeaders", "true")).toMessage(record(bytes("k 1"), bytes("{}"), h));
        // Go's url.QueryEscape
        assertEquals("k+1", escaped.metadata().get("__key"));
        assertEquals("a+b~c%2A", escaped.metadata().get("note"));
        assertEquals("application%2Fjson", escaped.metadata().get("content-type"));
        assertEquals("application/json", escaped.contentType());
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("t", 3, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1, key, value,
                headers, Optional.empty());
    }
}
