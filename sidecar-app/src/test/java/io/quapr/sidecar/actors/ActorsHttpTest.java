package io.quapr.sidecar.actors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.dapr.v1.DaprJobsProtos.Job;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.testing.actors.ActorTestApp;
import io.quapr.sidecar.testing.actors.ActorTestAppResource;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The actors API over HTTP against an actor app: calls reach the app in turns, state lands under
 * daprd's keys, timers and reminders fire, idle actors are deactivated, and errors are daprd's.
 */
@QuarkusTest
@WithTestResource(ActorTestAppResource.class)
class ActorsHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Components components;

    @BeforeEach
    void tellTheAppWhereTheSidecarIs() {
        ActorTestApp.sidecarPort(RestAssured.port);
    }

    @Test
    void aMethodCallReachesTheAppAndItsAnswerComesBack() {
        String id = "a-" + UUID.randomUUID();
        given().contentType("application/json").header("X-Custom", "v").body("{\"x\":1}")
                .post("/v1.0/actors/CounterActor/" + id + "/method/echo").then().statusCode(200)
                .header("X-Echo", "yes").body("x", equalTo(1));
        List<ActorTestApp.Call> calls = ActorTestApp.calls("PUT", "/actors/CounterActor/" + id + "/method/echo");
        assertEquals(1, calls.size(), "every verb reaches the app as PUT");
        assertEquals("v", calls.get(0).headers().get("x-custom"));
        assertEquals("{\"x\":1}", calls.get(0).body());
        given().get("/v1.0/actors/CounterActor/" + id + "/method/echo").then().statusCode(200);
        given().delete("/v1.0/actors/CounterActor/" + id + "/method/echo").then().statusCode(200);
        assertEquals(3, ActorTestApp.calls("PUT", "/actors/CounterActor/" + id + "/method/echo").size());
    }

    @Test
    void aCallTheAppRefusesIsErrActorInvokeMethod() {
        given().put("/v1.0/actors/CounterActor/f1/method/fail").then().statusCode(500)
                .body("errorCode", equalTo("ERR_ACTOR_INVOKE_METHOD"))
                .body("message", equalTo("error invoke actor method: error from actor service: (500) boom"));
        given().put("/v1.0/actors/CounterActor/f1/method/nope").then().statusCode(500)
                .body("errorCode", equalTo("ERR_ACTOR_INVOKE_METHOD"))
                .body("message", equalTo("error invoke actor method: actor method not found:"
                        + " actors/CounterActor/f1/method/nope"));
        given().put("/v1.0/actors/UnknownActor/u1/method/echo").then().statusCode(404)
                .body("errorCode", equalTo("ERR_ACTOR_NO_ADDRESS"));
    }

    @Test
    void stateRoundTripsUnderDaprdsKeys() throws Exception {
        String id = "s-" + UUID.randomUUID();
        String base = "/v1.0/actors/CounterActor/" + id + "/state";
        given().contentType("application/json").body("[{\"operation\":\"upsert\",\"request\":{\"key\":\"k1\","
                + "\"value\":{\"a\":1}}},{\"operation\":\"upsert\",\"request\":{\"key\":\"k2\",\"value\":\"s\"}}]")
                .post(base).then().statusCode(204);
        given().get(base + "/k1").then().statusCode(200).contentType("application/json").body("a", equalTo(1));
        given().get(base + "/k2").then().statusCode(200).body(equalTo("\"s\""));

        StateStore store = (StateStore) components.get("actorstore").instance();
        GetResponse stored = store.get(new GetRequest("testapp||CounterActor||" + id + "||k1", Map.of(),
                Consistency.STRONG)).await().atMost(Duration.ofSeconds(5));
        assertEquals("{\"a\":1}", new String(stored.data(), StandardCharsets.UTF_8), "daprd's key layout");

        given().contentType("application/json").body("[{\"operation\":\"delete\",\"request\":{\"key\":\"k2\"}}]")
                .put(base).then().statusCode(204);
        given().get(base + "/k2").then().statusCode(204);
        given().get(base + "/never").then().statusCode(204);
    }

    @Test
    void callsToOneActorTakeTurnsAndCallsToOthersDoNot() {
        String id = "t-" + UUID.randomUUID();
        long start = System.nanoTime();
        runTogether(4, i -> "/v1.0/actors/CounterActor/" + id + "/method/slow");
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(1, ActorTestApp.mostAtOnce("CounterActor", id), "one turn at a time");
        assertTrue(took >= 1150, "four turns of 300 ms one after the other took " + took + " ms");

        String prefix = "p-" + UUID.randomUUID();
        runTogether(4, i -> "/v1.0/actors/CounterActor/" + prefix + i + "/method/slow");
        assertTrue(ActorTestApp.mostAtOnceOverall() > 1, "different actors run at once");
    }

    @Test
    void aReentrantCallEntersTheTurnOfItsChain() {
        String id = "r-" + UUID.randomUUID();
        given().put("/v1.0/actors/ReentrantActor/" + id + "/method/reenter").then().statusCode(200)
                .body(equalTo("200:inner"));
        List<ActorTestApp.Call> outer = ActorTestApp.calls("PUT", "/actors/ReentrantActor/" + id + "/method/reenter");
        List<ActorTestApp.Call> inner = ActorTestApp.calls("PUT", "/actors/ReentrantActor/" + id + "/method/echo");
        String chain = outer.get(0).headers().get("dapr-reentrancy-id");
        assertFalse(chain == null || chain.isEmpty(), "the sidecar starts a reentrancy chain");
        assertEquals(chain, inner.get(0).headers().get("dapr-reentrancy-id"));
    }

    @Test
    void aTimerFiresUntilItIsUnregistered() throws Exception {
        String id = "tm-" + UUID.randomUUID();
        String timers = "/v1.0/actors/CounterActor/" + id + "/timers/t1";
        given().contentType("application/json").body("{\"dueTime\":\"0s\",\"period\":\"200ms\",\"callback\":\"cb\","
                + "\"data\":{\"n\":1}}").post(timers).then().statusCode(204);
        String path = "/actors/CounterActor/" + id + "/method/timer/t1";
        ActorTestApp.until(() -> ActorTestApp.calls("PUT", path).size() >= 2, Duration.ofSeconds(5));
        JsonNode body = JSON.readTree(ActorTestApp.calls("PUT", path).get(0).body());
        assertEquals("cb", body.path("callback").asText());
        assertEquals(1, body.path("data").path("n").asInt());
        assertEquals("200ms", body.path("period").asText());
        given().delete(timers).then().statusCode(204);
        Thread.sleep(300);
        int after = ActorTestApp.calls("PUT", path).size();
        Thread.sleep(600);
        assertEquals(after, ActorTestApp.calls("PUT", path).size(), "no firing after unregistering");

        // a repetition ends by itself
        String twice = "/actors/CounterActor/" + id + "/method/timer/t2";
        given().contentType("application/json").body("{\"period\":\"R2/PT0.2S\"}")
                .put("/v1.0/actors/CounterActor/" + id + "/timers/t2").then().statusCode(204);
        ActorTestApp.until(() -> ActorTestApp.calls("PUT", twice).size() >= 2, Duration.ofSeconds(5));
        Thread.sleep(600);
        assertEquals(2, ActorTestApp.calls("PUT", twice).size());
    }

    @Test
    void aReminderIsKeptFiresAndIsDeleted() throws Exception {
        String id = "rm-" + UUID.randomUUID();
        String reminder = "/v1.0/actors/CounterActor/" + id + "/reminders/r1";
        given().contentType("application/json").body("{\"dueTime\":\"500ms\",\"period\":\"1h\",\"data\":{\"k\":\"v\"}}")
                .post(reminder).then().statusCode(204);
        given().get(reminder).then().statusCode(200).body("dueTime", equalTo("500ms")).body("period", equalTo("1h"))
                .body("data.k", equalTo("v")).body("actorType", equalTo("CounterActor"));
        StateStore store = (StateStore) components.get("actorstore").instance();
        GetResponse kept = store.get(new GetRequest("testapp||jobs||||actorreminder||CounterActor||" + id + "||r1",
                Map.of(), Consistency.STRONG)).await().atMost(Duration.ofSeconds(5));
        assertTrue(kept.found(), "the reminder is kept in the actor state store");

        String path = "/actors/CounterActor/" + id + "/method/remind/r1";
        ActorTestApp.until(() -> ActorTestApp.calls("PUT", path).size() == 1, Duration.ofSeconds(5));
        JsonNode body = JSON.readTree(ActorTestApp.calls("PUT", path).get(0).body());
        assertEquals("v", body.path("data").path("k").asText());
        assertEquals("500ms", body.path("dueTime").asText());
        assertEquals("1h", body.path("period").asText());

        given().delete(reminder).then().statusCode(204);
        given().get(reminder).then().statusCode(404).body("errorCode", equalTo("ERR_ACTOR_REMINDER_NOT_FOUND"))
                .body("message", equalTo("actor reminder not found: r1"));
        // hidden from the jobs API
        given().get("/v1.0-alpha1/jobs/||actorreminder||CounterActor||" + id + "||r1").then().statusCode(500);
    }

    @Test
    void anIdleActorIsDeactivated() {
        String id = "i-" + UUID.randomUUID();
        given().put("/v1.0/actors/IdleActor/" + id + "/method/echo").then().statusCode(200);
        ActorTestApp.until(() -> ActorTestApp.calls("DELETE", "/actors/IdleActor/" + id).size() == 1, Duration
                .ofSeconds(5));
        // a busy actor of the same idle timeout is not
        String busy = "b-" + UUID.randomUUID();
        given().put("/v1.0/actors/CounterActor/" + busy + "/method/echo").then().statusCode(200);
        assertTrue(ActorTestApp.calls("DELETE", "/actors/CounterActor/" + busy).isEmpty());
    }

    @Test
    void metadataReportsTheRunningRuntimeAndActiveActors() {
        String id = "m-" + UUID.randomUUID();
        given().put("/v1.0/actors/CounterActor/" + id + "/method/echo").then().statusCode(200);
        Response m = given().get("/v1.0/metadata");
        m.then().statusCode(200).body("actorRuntime.runtimeStatus", equalTo("RUNNING"))
                .body("actorRuntime.hostReady", equalTo(true))
                .body("actorRuntime.activeActors.type", hasItems("CounterActor", "IdleActor", "ReentrantActor"))
                .body("actors.type", hasItems("CounterActor"));
        int counters = m.path("actorRuntime.activeActors.find { it.type == 'CounterActor' }.count");
        assertTrue(counters >= 1, "the actor just called is active");
    }

    @Test
    void aReminderInTheStoreFiresThoughThisSidecarDidNotCreateIt() throws Exception {
        // as a sidecar that stopped left it: the job record and the index entry, written directly
        String id = "st-" + UUID.randomUUID();
        String name = "||actorreminder||CounterActor||" + id + "||left";
        Job job = Job.newBuilder().setName(name).setDueTime("0s").setData(Any.pack(BytesValue.of(ByteString
                .copyFromUtf8("\"kept\"")))).build();
        ObjectNode record = JSON.createObjectNode().put("job", Base64.getEncoder().encodeToString(job.toByteArray()))
                .put("created", System.currentTimeMillis()).put("due", System.currentTimeMillis()).put("count", 0)
                .put("attempt", 0).put("owner", "").put("leaseUntil", 0).put("target", "actor-reminder");
        StateStore store = (StateStore) components.get("actorstore").instance();
        store.set(SetRequest.of("testapp||jobs||" + name, JSON.writeValueAsBytes(record))).await().atMost(Duration
                .ofSeconds(5));
        GetResponse index = store.get(new GetRequest("testapp||jobs-index", Map.of(), Consistency.STRONG)).await()
                .atMost(Duration.ofSeconds(5));
        ArrayNode names = index.found() ? (ArrayNode) JSON.readTree(index.data()) : JSON.createArrayNode();
        names.add(name);
        store.set(SetRequest.of("testapp||jobs-index", JSON.writeValueAsBytes(names))).await().atMost(Duration
                .ofSeconds(5));

        String path = "/actors/CounterActor/" + id + "/method/remind/left";
        ActorTestApp.until(() -> ActorTestApp.calls("PUT", path).size() == 1, Duration.ofSeconds(10));
        assertEquals("kept", JSON.readTree(ActorTestApp.calls("PUT", path).get(0).body()).path("data").asText());
    }

    @Test
    void badRequestsGetDaprdsAnswers() {
        given().contentType("application/json").body("{\"operation\":1}").post(
                "/v1.0/actors/CounterActor/e1/state").then().statusCode(400).body("errorCode", equalTo(
                        "ERR_MALFORMED_REQUEST"));
        given().get("/v1.0/actors/UnknownActor/e1/state/k").then().statusCode(400).body("errorCode", equalTo(
                "ERR_ACTOR_INSTANCE_MISSING")).body("message", equalTo("actor instance is missing"));
        given().contentType("application/json").body("{\"dueTime\":\"1s\"}").post(
                "/v1.0/actors/UnknownActor/e1/reminders/r").then().statusCode(403).body("errorCode", equalTo(
                        "ERR_ACTOR_REMINDER_NON_HOSTED"));
        given().contentType("application/json").body("{\"period\":\"soon\"}").post(
                "/v1.0/actors/CounterActor/e1/timers/t").then().statusCode(500).body("errorCode", equalTo(
                        "ERR_ACTOR_TIMER_CREATE"));
        given().contentType("application/json").body("{\"period\":\"soon\"}").post(
                "/v1.0/actors/CounterActor/e1/reminders/r").then().statusCode(500).body("errorCode", equalTo(
                        "ERR_ACTOR_REMINDER_CREATE"));
        given().contentType("application/json").body("[{\"operation\":\"merge\",\"request\":{\"key\":\"k\"}}]")
                .post("/v1.0/actors/CounterActor/e1/state").then().statusCode(500).body("errorCode", equalTo(
                        "ERR_ACTOR_STATE_TRANSACTION_SAVE"));
    }

    private static void runTogether(int n, IntFunction<String> path) {
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String p = path.apply(i);
            calls.add(CompletableFuture.supplyAsync(() -> given().put(p)));
        }
        calls.forEach(c -> assertEquals(200, c.join().statusCode()));
    }
}
