import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The "direct" side of a benchmark: a Vert.x HTTP server on loopback (the same HTTP stack the
 * sidecar uses) answering every request with a fixed body from memory, the way an app holding
 * its own state would. Measured against the sidecar in the same run, the difference is what the
 * sidecar adds.
 *
 * <p>Usage: {@code java -cp 'sidecar-app/target/quarkus-app/lib/main/*' DirectBaseline.java PORT BODY}
 */
public class DirectBaseline {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Buffer body = Buffer.buffer(args[1]);
        Vertx.vertx().createHttpServer()
                .requestHandler(req -> req.response().putHeader("Content-Type", "application/json").end(body))
                .listen(port, "127.0.0.1")
                .onSuccess(s -> System.out.println("direct baseline on 127.0.0.1:" + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
