package io.quapr.sidecar.kubernetes.injector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SSLOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The webhook's HTTPS server: {@code POST /mutate} answers the API server's
 * {@code AdmissionReview}s with {@link SidecarInjector}, {@code GET /healthz} answers the
 * kubelet's probes. The certificate is read again when cert-manager renews it; new connections
 * get the new one, with no restart.
 */
public final class InjectorServer {

    private static final Logger LOG = Logger.getLogger(InjectorServer.class);
    /** The API server sends one pod per review; past this the body is refused, not buffered. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final Vertx vertx;
    private final InjectorConfig config;
    private final SidecarInjector injector;
    private final ObjectMapper mapper = new ObjectMapper();
    private HttpServer server;
    private WebhookCertificate certificate;
    private long reloadTimer = -1;

    /**
     * @param vertx the Vert.x instance the server runs on
     * @param config port, certificate files, reload interval
     * @param injector the logic behind {@code /mutate}
     */
    public InjectorServer(Vertx vertx, InjectorConfig config, SidecarInjector injector) {
        this.vertx = vertx;
        this.config = config;
        this.injector = injector;
    }

    /**
     * Reads the certificate and listens.
     *
     * @return the port bound (the configured one, or the one picked for port 0)
     */
    public Future<Integer> start() {
        try {
            certificate = new WebhookCertificate(Path.of(config.certFile()), Path.of(config.keyFile()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setPort(config.port())
                .setKeyCertOptions(certificate.options());
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        return server.listen().map(s -> {
            long every = config.reloadInterval().toMillis();
            if (every > 0) {
                reloadTimer = vertx.setPeriodic(every, id -> vertx.executeBlocking(this::reload, false));
            }
            return s.actualPort();
        });
    }

    /** Stops listening. */
    public Future<Void> stop() {
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    private Void reload() {
        try {
            certificate.reloadIfChanged().ifPresent(pem -> server
                    .updateSSLOptions(new SSLOptions().setKeyCertOptions(pem))
                    .onSuccess(x -> LOG.info("webhook certificate renewed on disk: new connections use it"))
                    .onFailure(e -> LOG.warnf("webhook certificate changed but cannot be used: %s", e.getMessage())));
        } catch (RuntimeException e) {
            // a renewal written in two steps may be half done: keep the old pair, look again later
            LOG.warnf("webhook certificate changed but cannot be read yet: %s", e.getMessage());
        }
        return null;
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/healthz") && req.method() == HttpMethod.GET) {
            req.response().setStatusCode(200).end("ok");
        } else if (path.equals("/mutate") && req.method() == HttpMethod.POST) {
            collect(req);
        } else if (path.equals("/mutate") || path.equals("/healthz")) {
            plain(req, 405, "method not allowed");
        } else {
            plain(req, 404, "not found");
        }
    }

    /** Buffers the body up to {@link #MAX_BODY_BYTES}; a larger one is answered 413 and dropped. */
    private void collect(HttpServerRequest req) {
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = { false };
        req.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                tooLarge[0] = true;
            } else if (!tooLarge[0]) {
                body.appendBuffer(chunk);
            }
        });
        req.exceptionHandler(e -> LOG.debugf("an admission request broke off: %s", e.getMessage()));
        req.endHandler(v -> {
            if (tooLarge[0]) {
                plain(req, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
            } else {
                mutate(req, body);
            }
        });
    }

    private void mutate(HttpServerRequest req, Buffer body) {
        JsonNode review;
        try {
            review = mapper.readTree(body.getBytes());
        } catch (IOException e) {
            plain(req, 400, "the body is not JSON: " + e.getMessage());
            return;
        }
        try {
            String answer = mapper.writeValueAsString(injector.review(review));
            req.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(answer);
        } catch (BadAdmissionRequestException e) {
            plain(req, 400, e.getMessage());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.errorf(e, "cannot answer an admission review");
            plain(req, 500, "the injector failed: " + e.getMessage());
        }
    }

    private static void plain(HttpServerRequest req, int status, String message) {
        req.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n");
    }
}
