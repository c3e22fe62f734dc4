package io.quapr.components.bindings.http;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bindings.http}: one HTTP request per call, as daprd's binding sends it. The operation is
 * the method ({@code create} is {@code POST}); the request's {@code path} metadata is appended to
 * {@code url}; request metadata keys that start with an upper-case letter are sent as headers, and
 * so are {@code traceparent}, {@code tracestate} and {@code baggage}; a body is sent for
 * {@code POST}, {@code PUT} and {@code PATCH} ({@code Content-Type: application/json; charset=utf-8}
 * unless the metadata sets one). The answer carries the body and the metadata {@code statusCode},
 * {@code status} ({@code 200 OK}) and every response header, named as Go canonicalises them. An
 * answer outside 2xx fails the call unless {@code errorIfNot2XX} is false.
 */
@Dependent
@ComponentType("bindings.http")
public class HttpBinding implements OutputBinding {

    private static final List<String> TRACE_KEYS = List.of("traceparent", "tracestate", "baggage");

    private volatile String url;
    private volatile Duration timeout;
    private volatile long maxBody;
    private volatile String token;
    private volatile String tokenHeader;
    private volatile boolean errorIfNot2xx;
    private volatile HttpClient client;

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        url = metadata.required("url");
        timeout = metadata.duration("responseTimeout", Duration.ZERO);
        maxBody = metadata.byteSize("maxResponseBodySize", 100L << 20);
        token = metadata.string("securityToken", "");
        tokenHeader = metadata.string("securityTokenHeader", "");
        errorIfNot2xx = metadata.bool("errorIfNot2XX", true);
        client = context.vertx().createHttpClient();
        return Uni.createFrom().voidItem();
    }

    @Override
    public List<String> operations() {
        return List.of("create", "get", "head", "post", "put", "patch", "delete", "options", "trace");
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        Map<String, String> md = request.metadata();
        String target = url;
        String path = md.getOrDefault("path", "");
        if (!path.isEmpty()) {
            target = stripEnd(url) + "/" + stripStart(path);
        }
        boolean failOnStatus = md.containsKey("errorIfNot2XX") && !md.get("errorIfNot2XX").isEmpty()
                ? ComponentMetadata.isTruthy(md.get("errorIfNot2XX"))
                : errorIfNot2xx;
        String method = request.operation().equals("create") ? "POST" : request.operation().toUpperCase(Locale.ROOT);
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(target);
        if (withBody && !md.containsKey("Content-Type")) {
            options.putHeader("Content-Type", "application/json; charset=utf-8");
        }
        if (!md.containsKey("Accept")) {
            options.putHeader("Accept", "application/json; charset=utf-8");
        }
        if (!token.isEmpty() && !tokenHeader.isEmpty()) {
            options.putHeader(tokenHeader, token);
        }
        md.forEach((k, v) -> {
            if (!k.isEmpty() && Character.isUpperCase(k.charAt(0)) && k.charAt(0) <= 'Z') {
                options.putHeader(k, v);
            }
        });
        for (String key : TRACE_KEYS) {
            String v = md.get(key);
            if (v != null && !v.isEmpty()) {
                options.putHeader(key, v);
            }
        }
        if (!timeout.isZero()) {
            options.setTimeout(timeout.toMillis());
        }
        byte[] body = request.data();
        Uni<InvokeResponse> call = Uni.createFrom().completionStage(() -> client.request(options)
                .compose(req -> withBody ? req.send(Buffer.buffer(body)) : req.send())
                .compose(resp -> resp.body().map(b -> answer(resp, b, failOnStatus))).toCompletionStage());
        return call;
    }

    private InvokeResponse answer(HttpClientResponse resp, Buffer body, boolean failOnStatus) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("statusCode", Integer.toString(resp.statusCode()));
        metadata.put("status", resp.statusCode() + " " + resp.statusMessage());
        for (String name : resp.headers().names()) {
            metadata.put(canonical(name), String.join(", ", resp.headers().getAll(name)));
        }
        if (failOnStatus && resp.statusCode() / 100 != 2) {
            throw new IllegalStateException("received status code " + resp.statusCode());
        }
        byte[] bytes = body.getBytes();
        if (maxBody > 0 && bytes.length > maxBody) {
            bytes = Arrays.copyOf(bytes, (int) maxBody);
        }
        return new InvokeResponse(bytes, metadata);
    }

    /** Go's canonical header name: {@code content-type} is {@code Content-Type}. */
    static String canonical(String name) {
        StringBuilder s = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            s.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return s.toString();
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String stripStart(String s) {
        int start = 0;
        while (start < s.length() && s.charAt(start) == '/') {
            start++;
        }
        return s.substring(start);
    }

    @Override
    public Uni<Void> close() {
        HttpClient c = client;
        return c == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(() -> c.close().toCompletionStage());
    }
}
