package io.quapr.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Writes to the loopback Redis from a test, in the plain protocol over a socket (the tests have
 * no Redis client, and a SET needs none).
 */
final class RedisCli {

    private RedisCli() {
    }

    /** {@code SELECT db} then {@code SET key value}; fails unless Redis answers OK. */
    static void set(int db, String key, String value) {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(command("SELECT", Integer.toString(db)));
            out.write(command("SET", key, value));
            out.flush();
            for (int i = 0; i < 2; i++) {
                String reply = in.readLine();
                if (!"+OK".equals(reply)) {
                    throw new IllegalStateException("redis answered " + reply);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] command(String... parts) {
        StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            b.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
