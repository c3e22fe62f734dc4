package io.quapr.sidecar.api.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/**
 * Pins the status tables that used to be spelled in five places, so folding them into
 * {@link StatusMapping} changed no answer.
 */
class StatusMappingTest {

    @Test
    void httpStatusForEveryGrpcCode() {
        int[] expected = { 200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401 };
        for (Status.Code code : Status.Code.values()) {
            assertEquals(expected[code.value()], StatusMapping.httpStatusForGrpc(code), code.name());
        }
    }

    @Test
    void grpcCodeForAnAppsHttpStatus() {
        assertEquals(Status.Code.INVALID_ARGUMENT, StatusMapping.grpcCodeForHttp(400));
        assertEquals(Status.Code.UNAUTHENTICATED, StatusMapping.grpcCodeForHttp(401));
        assertEquals(Status.Code.PERMISSION_DENIED, StatusMapping.grpcCodeForHttp(403));
        assertEquals(Status.Code.NOT_FOUND, StatusMapping.grpcCodeForHttp(404));
        assertEquals(Status.Code.ABORTED, StatusMapping.grpcCodeForHttp(409));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, StatusMapping.grpcCodeForHttp(429));
        assertEquals(Status.Code.CANCELLED, StatusMapping.grpcCodeForHttp(499));
        assertEquals(Status.Code.INTERNAL, StatusMapping.grpcCodeForHttp(500));
        assertEquals(Status.Code.UNIMPLEMENTED, StatusMapping.grpcCodeForHttp(501));
        assertEquals(Status.Code.UNAVAILABLE, StatusMapping.grpcCodeForHttp(503));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, StatusMapping.grpcCodeForHttp(504));
        assertEquals(Status.Code.UNKNOWN, StatusMapping.grpcCodeForHttp(408));
        assertEquals(Status.Code.UNKNOWN, StatusMapping.grpcCodeForHttp(502));
    }

    @Test
    void grpcCodeForANonGrpcAnswer() {
        assertEquals(Status.Code.INTERNAL, StatusMapping.grpcCodeForNonGrpcAnswer(400));
        assertEquals(Status.Code.UNAUTHENTICATED, StatusMapping.grpcCodeForNonGrpcAnswer(401));
        assertEquals(Status.Code.PERMISSION_DENIED, StatusMapping.grpcCodeForNonGrpcAnswer(403));
        assertEquals(Status.Code.UNIMPLEMENTED, StatusMapping.grpcCodeForNonGrpcAnswer(404));
        for (int http : new int[] { 429, 502, 503, 504 }) {
            assertEquals(Status.Code.UNAVAILABLE, StatusMapping.grpcCodeForNonGrpcAnswer(http));
        }
        assertEquals(Status.Code.UNKNOWN, StatusMapping.grpcCodeForNonGrpcAnswer(500));
    }

    @Test
    void goNames() {
        assertEquals("OK", StatusMapping.goName(Status.Code.OK));
        assertEquals("Canceled", StatusMapping.goName(Status.Code.CANCELLED));
        assertEquals("DeadlineExceeded", StatusMapping.goName(Status.Code.DEADLINE_EXCEEDED));
        assertEquals("Unauthenticated", StatusMapping.goName(Status.Code.UNAUTHENTICATED));
    }
}
