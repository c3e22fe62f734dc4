package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dapr.actors.ActorId;
import io.dapr.actors.client.ActorClient;
import io.dapr.actors.client.ActorProxyBuilder;
import io.dapr.actors.runtime.ActorRuntime;
import io.dapr.config.Properties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK's actors against the packaged sidecar (`--resources-path
 * src/test/resources/actors`, an in-memory actor state store): an app hosting {@link DemoActor}
 * with the SDK's {@link ActorRuntime}, called through an {@link ActorProxyBuilder} proxy: methods,
 * actor state across calls, a reminder and a timer that fire and change the state, and a call
 * chain that re-enters an actor ({@link ReentrantActor}, reentrant in the app's
 * {@code /dapr/config}; the SDK's own runtime cannot be re-entered, so the app serves that one
 * type itself).
 */
class ActorsSdkIT {

    @Test
    void theSdksActorsRunOnTheSidecar() throws Exception {
        try (ActorHostApp app = ActorHostApp.start();
                Sidecar sidecar = Sidecar.start("actors", "e2e-actors-" + E2e.RUN, List.of(), List.of(Path.of(
                        "src/test/resources/actors")), app.port(), List.of())) {
            Properties properties = new Properties(Map.of("dapr.sidecar.ip", "127.0.0.1", "dapr.http.port", Integer
                    .toString(sidecar.httpPort()), "dapr.grpc.port", Integer.toString(sidecar.grpcPort())));
            ActorRuntime runtime = ActorRuntime.getInstance(properties);
            runtime.registerActor(DemoActorImpl.class);
            app.runtime(runtime);
            app.sidecarHttpPort(sidecar.httpPort());

            try (ActorClient client = new ActorClient(properties)) {
                ActorProxyBuilder<DemoActor> builder = new ActorProxyBuilder<>(DemoActor.class, client);
                DemoActor one = builder.build(new ActorId("one"));
                DemoActor two = builder.build(new ActorId("two"));
                awaitHosted(one);
                assertEquals("one: hello", one.say("hello"));
                assertEquals(1, one.increment());
                assertEquals(2, one.increment());
                assertEquals(1, two.increment(), "each actor has its own state");

                one.remindMe("ping");
                long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!one.reminded().equals("r:ping") && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                assertEquals("r:ping", one.reminded(), "the reminder fired and the actor kept its data");

                two.startTimer("tock");
                end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!two.ticked().equals("tock") && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                assertEquals("tock", two.ticked(), "the timer called its callback with its data");

                // a call chain comes back into the actor whose turn it is in: reentrancy
                ReentrantActor reentrant = new ActorProxyBuilder<>(ReentrantActor.class, client).build(new ActorId(
                        "r1"));
                assertEquals("in(in(in(bottom)))", reentrant.reenter(3));
            }
        }
    }

    /** The sidecar reads the app's actor types once the SDK runtime answers: wait for that. */
    private static void awaitHosted(DemoActor actor) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                actor.say("ready?");
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
