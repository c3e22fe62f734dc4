package io.quapr.spi.state;

import java.util.Map;

/** One write in a bulk call or a transaction: a {@link SetRequest} or a {@link DeleteRequest}. */
public sealed interface StateOperation permits SetRequest, DeleteRequest {

    /** The key the operation writes. */
    String key();

    /** The expected ETag, or {@code null} for none. */
    String etag();

    /** The request's {@code metadata.*} values. */
    Map<String, String> metadata();

    /** Concurrency and consistency. */
    StateOptions options();
}
