import io.vertx.core.Vertx;

/**
 * App B of the invocation benchmark: a Vert.x HTTP server on loopback answering every request
 * with the body it received (status 200, the request's content type).
 *
 * <p>Usage: {@code java -cp 'sidecar-app/target/quarkus-app/lib/main/*' EchoApp.java PORT}
 */
public class EchoApp {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx.vertx().createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    String type = req.getHeader("content-type");
                    if (type != null) {
                        req.response().putHeader("content-type", type);
                    }
                    req.response().end(body);
                }))
                .listen(port, "127.0.0.1")
                .onSuccess(s -> System.out.println("echo app on 127.0.0.1:" + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
