package io.quapr.sidecar.api.http;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Names and keys read from the request's raw path, the way daprd reads them: split on {@code /},
 * then percent-decoded once. JAX-RS path parameters cannot be used for these: they drop everything
 * after a {@code ;} (matrix parameters), so {@code a;b} would read as {@code a}. {@code +} stays
 * {@code +} (it means a space only in a query string), and an escape that is not valid UTF-8 is a
 * 400, never a replacement character that would make different keys collide.
 */
public final class RawPath {

    private RawPath() {
    }

    /**
     * The rest of the path after its first {@code skip} segments, decoded: {@code skip = 3} on
     * {@code /v1.0/state/orders/a%3Bb} gives {@code a;b}.
     *
     * @throws DaprException {@code ERR_MALFORMED_REQUEST} (400) on a bad escape
     */
    public static String after(HttpServerRequest request, int skip) {
        String path = request.path();
        int at = start(path, skip);
        return at < 0 ? "" : decode(path.substring(at));
    }

    /**
     * One segment of the path ({@code 0} is the first after the leading {@code /}), decoded.
     *
     * @throws DaprException {@code ERR_MALFORMED_REQUEST} (400) on a bad escape
     */
    public static String segment(HttpServerRequest request, int index) {
        String path = request.path();
        int at = start(path, index);
        if (at < 0) {
            return "";
        }
        int end = path.indexOf('/', at);
        return decode(end < 0 ? path.substring(at) : path.substring(at, end));
    }

    /** Where the path's segment {@code index} starts, or -1 when it has fewer segments. */
    private static int start(String path, int index) {
        int at = path.startsWith("/") ? 1 : 0;
        for (int i = 0; i < index; i++) {
            int slash = path.indexOf('/', at);
            if (slash < 0) {
                return -1;
            }
            at = slash + 1;
        }
        return at;
    }

    /**
     * Percent-decodes a raw path part: {@code %XX} escapes only, the bytes read as strict UTF-8.
     *
     * @throws DaprException {@code ERR_MALFORMED_REQUEST} (400) on a malformed escape or bytes that are not UTF-8
     */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                if (c < 0x80) {
                    bytes.write(c);
                } else {
                    byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    bytes.write(utf8, 0, utf8.length);
                }
                continue;
            }
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw bad("invalid URL escape \"" + raw.substring(i, Math.min(raw.length(), i + 3)) + "\"");
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad("the path escapes bytes that are not valid UTF-8");
        }
    }

    private static DaprException bad(String detail) {
        return new DaprException(ErrorCode.MALFORMED_REQUEST, "invalid path: " + detail);
    }
}
