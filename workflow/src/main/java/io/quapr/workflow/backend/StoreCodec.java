package io.quapr.workflow.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryChunk;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * How values are written to the state store: metadata records as JSON (readable when debugging a
 * store), protocol messages (events, history chunks, activities) as their protobuf bytes.
 */
final class StoreCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StoreCodec() {
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T json(byte[] data, Class<T> type) {
        try {
            return JSON.readValue(data, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt workflow record", e);
        }
    }

    static byte[] chunk(List<HistoryEvent> events) {
        return HistoryChunk.newBuilder().addAllEvents(events).build().toByteArray();
    }

    static List<HistoryEvent> chunk(byte[] data) {
        try {
            return HistoryChunk.parseFrom(data).getEventsList();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt workflow history chunk", e);
        }
    }

    static HistoryEvent event(byte[] data) {
        try {
            return HistoryEvent.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt workflow inbox event", e);
        }
    }

    static ActivityRequest activity(byte[] data) {
        try {
            return ActivityRequest.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt workflow activity", e);
        }
    }
}
