package io.quapr.sidecar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 written byte for byte on a new connection, for requests no HTTP client sends
 * (malformed, oversized, chunked by hand, several in one write). Bytes are ISO-8859-1 both ways, so
 * the text is the bytes; a reset ends the answer with what came before it.
 */
public final class RawHttp {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)");

    private RawHttp() {
    }

    /**
     * Sends {@code request} as it is to the server at {@code url} and returns its answer, read until
     * it is whole (its head and its {@code Content-Length} bytes), the server closes, or 2 s pass
     * without data.
     */
    public static String exchange(URL url, String request) throws IOException {
        return send(url, request, true, 2_000);
    }

    /**
     * Sends {@code request} (maybe several requests) and returns everything the server writes until
     * it closes or 1 s passes without data: every answer on the connection.
     */
    public static String allAnswers(URL url, String request) throws IOException {
        return send(url, request, false, 1_000);
    }

    private static String send(URL url, String request, boolean untilWhole, int quietMs) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buf = new byte[8192];
            try {
                for (int n; !(untilWhole && complete(answer)) && (n = in.read(buf)) > 0;) {
                    answer.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    socket.setSoTimeout(quietMs);
                }
            } catch (SocketTimeoutException enough) {
                // what came is what the server says
            } catch (IOException reset) {
                // what came before the reset is the answer
            }
            return answer.toString();
        }
    }

    /** Whether the text holds a whole response: its head, and as many body bytes as it declares. */
    private static boolean complete(CharSequence answer) {
        String text = answer.toString();
        int head = text.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        Matcher length = CONTENT_LENGTH.matcher(text.substring(0, head));
        int declared = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return text.length() - (head + 4) >= declared;
    }
}
