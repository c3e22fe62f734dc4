package io.quapr.components.rabbitmq;

/** Error text for people: the AMQP client often wraps the broker's reply in an exception without a message. */
public final class Errors {

    private Errors() {
    }

    /** The first message along the cause chain (the broker's reply text, "Connection refused"), else the type. */
    public static String message(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }
}
