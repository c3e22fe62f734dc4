package io.quapr.sidecar.actors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.actors.ActorTestApp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Resiliency resource's {@code actors.<type>} target on actor calls, as daprd applies it: the
 * retry and the circuit breaker (one per actor with {@code circuitBreakerScope: id}) around the
 * call, the timeout on each call to the app in the turn.
 */
@QuarkusTest
@WithTestResource(ActorsResiliencyTest.Resources.class)
class ActorsResiliencyTest {

    /** The actor test app, its actor store, and the policies of {@code src/test/resources/actors-resiliency}. */
    public static class Resources implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("quapr.app-port", Integer.toString(ActorTestApp.start()), "quapr.resources-paths",
                    "src/test/resources/resources,src/test/resources/actors,src/test/resources/actors-resiliency");
        }

        @Override
        public void stop() {
            // the app keeps running for the next sidecar, as ActorTestAppResource leaves it
        }
    }

    @Test
    void theRetryCarriesACallPastTheAppsFailures() {
        String id = UUID.randomUUID().toString();
        given().put("/v1.0/actors/CounterActor/" + id + "/method/flaky").then().statusCode(200).body(equalTo(
                "call 3"));
        assertEquals(3, ActorTestApp.calls("PUT", "/actors/CounterActor/" + id + "/method/flaky").size());
    }

    @Test
    void theTimeoutBoundsEachCallInTheTurn() {
        String id = UUID.randomUUID().toString();
        // the actor active first: the time measured is the calls', not the activation's
        given().body("x").put("/v1.0/actors/CounterActor/" + id + "/method/echo").then().statusCode(200);
        long start = System.nanoTime();
        given().put("/v1.0/actors/CounterActor/" + id + "/method/sleepy").then().statusCode(500).body("errorCode",
                equalTo("ERR_ACTOR_INVOKE_METHOD"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // four attempts of 150 ms each, not four of the app's 3 s
        assertEquals(4, ActorTestApp.calls("PUT", "/actors/CounterActor/" + id + "/method/sleepy").size());
        assertTrue(millis < 6_000, "took " + millis + " ms");
    }

    @Test
    void theBreakerOfOneActorOpensWithoutStoppingTheOthers() {
        String broken = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        // two calls of four attempts each: the sixth failure opens the actor's breaker
        for (int i = 0; i < 2; i++) {
            given().put("/v1.0/actors/CounterActor/" + broken + "/method/fail").then().statusCode(500);
        }
        int reached = ActorTestApp.calls("PUT", "/actors/CounterActor/" + broken + "/method/fail").size();
        assertEquals(6, reached, "attempts that reached the app before the breaker opened");
        given().put("/v1.0/actors/CounterActor/" + broken + "/method/echo").then().statusCode(500).body("errorCode",
                equalTo("ERR_ACTOR_INVOKE_METHOD"));
        assertEquals(0, ActorTestApp.calls("PUT", "/actors/CounterActor/" + broken + "/method/echo").size(),
                "a call through the open breaker reached the app");
        given().body("hi").put("/v1.0/actors/CounterActor/" + other + "/method/echo").then().statusCode(200).body(
                equalTo("hi"));
    }
}
