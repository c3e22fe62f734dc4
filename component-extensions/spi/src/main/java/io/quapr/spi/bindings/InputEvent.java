package io.quapr.spi.bindings;

import java.util.Map;

/**
 * One event read from an input binding's source.
 *
 * @param data the event's bytes, delivered to the app as its body; never {@code null}
 * @param metadata the event's metadata, delivered as HTTP headers or gRPC
 *        {@code BindingEventRequest.metadata}; never {@code null}
 */
public record InputEvent(byte[] data, Map<String, String> metadata) {
}
