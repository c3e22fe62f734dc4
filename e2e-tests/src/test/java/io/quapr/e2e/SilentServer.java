package io.quapr.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server on loopback that accepts connections and never answers: a backend that hangs. */
final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    SilentServer() throws IOException {
        socket = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(socket.accept());
                }
            } catch (IOException closed) {
                // closed with the server
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
