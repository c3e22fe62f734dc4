package io.quapr.sidecar.resiliency;

/** A failed call whose answer had a status code (see {@link StatusCoded}). */
public class StatusCodeException extends RuntimeException implements StatusCoded {

    private final int statusCode;

    /**
     * @param statusCode the HTTP status or gRPC code of the answer
     * @param message what failed
     */
    public StatusCodeException(int statusCode, String message) {
        super(message);
        this.statusCode = statusCode;
    }

    @Override
    public int statusCode() {
        return statusCode;
    }
}
