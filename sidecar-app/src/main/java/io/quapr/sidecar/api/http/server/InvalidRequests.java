package io.quapr.sidecar.api.http.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers a request whose head could not be decoded. Heads {@link StrictRequestDecoder} refuses
 * get their status and Go's plain-text reason; the rest keep Vert.x's answer (400, 414, 431). The
 * connection closes after the answer: the bytes after a bad head cannot be framed.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

    @Override
    public void handle(HttpServerRequest req) {
        if (req.decoderResult().cause() instanceof StrictRequestDecoder.RefusedHead refused) {
            HttpServerResponse response = req.response();
            response.setStatusCode(refused.status()).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end(refused.getMessage());
            response.close();
            return;
        }
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(req);
    }
}
