package io.quapr.workflow.runtime;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Conversions between protobuf well-known types and Java types. */
public final class Protos {

    private Protos() {
    }

    /** The protobuf timestamp of an instant. */
    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** The instant of a protobuf timestamp. */
    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** A {@code StringValue} wrapper. */
    public static StringValue string(String value) {
        return StringValue.of(value);
    }
}
