package io.quapr.sidecar.api.http.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpConstants;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Vert.x's request decoder, refusing two request heads that Go's server (daprd's) refuses and
 * Netty takes:
 * <ul>
 * <li>an obs-fold line (a header line that starts with a space or a tab, continuing the previous
 * header: RFC 9112 lets a server refuse it, and two proxies that read it differently are a
 * request smuggling risk): 400;</li>
 * <li>a version other than HTTP/1.0 and HTTP/1.1 ({@code HTTP/9.9}): 505, where Vert.x answers 501.</li>
 * </ul>
 * The decoder consumes a head line by line and only whole lines, so the lines still buffered are
 * looked at before each decoding step; the head is refused as an invalid request (answered by
 * {@link InvalidRequests}) and the rest of the connection's input dropped.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    /** A head refused here: the status to answer and Go's wording. */
    static final class RefusedHead extends RuntimeException {
        private final int status;

        RefusedHead(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final byte SP = ' ';

    private static final byte HT = '\t';

    /** {@code HTTP/1.x}: the versions that pass, the minor digit checked apart. */
    private static final byte[] KNOWN_VERSION = "HTTP/1.x".getBytes(StandardCharsets.US_ASCII);

    private boolean inHead = true;

    /** The head's lines looked at so far (the request line is line 0). */
    private int headLines;

    private boolean refused;

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (refused) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (inHead) {
            RefusedHead refusal = check(buffer);
            if (refusal != null) {
                refused = true;
                buffer.skipBytes(buffer.readableBytes());
                // answered as HTTP/1.1, as Go answers a head it cannot take
                HttpMessage invalid = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
                        Unpooled.EMPTY_BUFFER);
                invalid.setDecoderResult(DecoderResult.failure(refusal));
                out.add(invalid);
                return;
            }
        }
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object decoded = out.get(i);
            if (decoded instanceof HttpMessage) {
                inHead = false;
                headLines = 0;
            }
            if (decoded instanceof LastHttpContent) {
                inHead = true;
            }
        }
    }

    /** Looks at the head's whole lines buffered from the reader index on; the refusal, or null. */
    private RefusedHead check(ByteBuf buffer) {
        int i = buffer.readerIndex();
        int end = buffer.writerIndex();
        if (headLines == 0) {
            // the decoder skips control characters and white space before a request line
            while (i < end && isSkipped(buffer.getByte(i))) {
                i++;
            }
        }
        while (i < end) {
            int lf = buffer.indexOf(i, end, HttpConstants.LF);
            if (lf < 0) {
                return null;
            }
            int lineEnd = lf > i && buffer.getByte(lf - 1) == HttpConstants.CR ? lf - 1 : lf;
            if (headLines == 0) {
                RefusedHead refusal = endsInKnownVersion(buffer, i, lineEnd)
                        ? null
                        : checkVersion(buffer.toString(i, lineEnd - i, StandardCharsets.ISO_8859_1));
                if (refusal != null) {
                    return refusal;
                }
            } else if (lineEnd == i) {
                return null; // the end of the head: what follows is a body or the next request
            } else {
                byte first = buffer.getByte(i);
                if (first == SP || first == HT) {
                    return new RefusedHead(400, "400 Bad Request: malformed MIME header: obsolete line folding");
                }
            }
            headLines++;
            i = lf + 1;
        }
        return null;
    }

    /**
     * Whether the request line ends in {@code " HTTP/1.1"} or {@code " HTTP/1.0"}, as nearly every one
     * does: it passes without being read as text.
     */
    private static boolean endsInKnownVersion(ByteBuf buffer, int start, int end) {
        int at = end - KNOWN_VERSION.length - 1;
        if (at < start || buffer.getByte(at) != SP) {
            return false;
        }
        for (int k = 0; k < KNOWN_VERSION.length - 1; k++) {
            if (buffer.getByte(at + 1 + k) != KNOWN_VERSION[k]) {
                return false;
            }
        }
        byte minor = buffer.getByte(end - 1);
        return minor == '1' || minor == '0';
    }

    /** The request line's version: HTTP/1.0 and 1.1 pass; any other {@code HTTP/d.d} is 505. */
    static RefusedHead checkVersion(String requestLine) {
        String line = requestLine.strip();
        int space = line.lastIndexOf(' ');
        String version = space < 0 ? "" : line.substring(space + 1);
        if (version.equals("HTTP/1.1") || version.equals("HTTP/1.0") || !version.startsWith("HTTP/")) {
            // not a version at all: the decoder's own parsing refuses it
            return null;
        }
        return new RefusedHead(505, "505 HTTP Version Not Supported: unsupported protocol version");
    }

    private static boolean isSkipped(byte b) {
        char c = (char) (b & 0xFF);
        return Character.isISOControl(c) || Character.isWhitespace(c);
    }
}
