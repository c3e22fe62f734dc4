package io.quapr.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyLength;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The sidecar's HTTP API under an open-model load: each scenario receives new requests at a
 * constant rate ({@code load.rate} per second for {@code load.duration} seconds, see
 * {@link LoadSettings}), one scenario after the other, over {@code load.connections} shared
 * connections. The run fails when a request fails or the global p99 exceeds {@code load.p99Ms}.
 * Unless {@code load.baseUrl} names a running sidecar, {@link #before()} starts what it needs
 * ({@link SidecarProcesses}) and {@link #after()} stops it.
 */
public class SidecarSimulation extends Simulation {

    /** How long the poll loop of one workflow may wait for its completion. */
    private static final int MAX_WORKFLOW_POLLS = 1500;
    private static final Duration WORKFLOW_POLL_INTERVAL = Duration.ofMillis(20);

    private final LoadSettings settings = LoadSettings.fromSystemProperties();
    private final SidecarProcesses processes = settings.baseUrl().isEmpty() ? new SidecarProcesses(settings) : null;
    // the ports are chosen now: the protocol below needs the base URL before before() runs
    private final String base = settings.baseUrl().orElseGet(() -> processes.baseUrl());

    private final HttpProtocolBuilder protocol = http.baseUrl(base)
            .shareConnections()
            .maxConnectionsPerHost(settings.connections())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            // Gatling's warm-up request (not recorded) sets up its HTTP client before the first
            // scenario; its default address is on the Internet. Warmup warms the sidecar up.
            .warmUp(base + "/v1.0/healthz");

    private final List<ScenarioBuilder> scenarios = List.of(
            scenario("state GET, missing key").exec(http("state GET missing key")
                    .get("/v1.0/state/statestore/load-missing").check(status().is(204))),
            scenario("state GET, 1 KB value").exec(http("state GET 1 KB")
                    .get("/v1.0/state/statestore/" + Payloads.VALUE_KEY)
                    .check(status().is(200), bodyLength().is(Payloads.ONE_KB.length()))),
            scenario("state SET, 1 KB value").exec(http("state SET 1 KB")
                    .post("/v1.0/state/statestore")
                    .body(StringBody(session -> Payloads.saveBody("load-set-" + session.userId() % 1000)))
                    .check(status().is(204))),
            scenario("bulk state GET, 10 keys").exec(http("bulk state GET 10 keys")
                    .post("/v1.0/state/statestore/bulk").body(StringBody(Payloads.bulkGetBody()))
                    .check(status().is(200), jsonPath("$[*].data.payload").count().is(Payloads.BULK_KEYS))),
            scenario("publish, 1 KB, pubsub.in-memory").exec(http("publish 1 KB")
                    .post("/v1.0/publish/pubsub/load-topic").body(StringBody(Payloads.ONE_KB))
                    .check(status().is(204))),
            scenario("invocation, 1 KB, through two sidecars").exec(http("invoke 1 KB")
                    .post("/v1.0/invoke/" + settings.invokeAppId() + "/method/echo").body(StringBody(Payloads.ONE_KB))
                    .check(status().is(200), bodyString().is(Payloads.ONE_KB))));

    private final ScenarioBuilder workflow = scenario("workflow FanOut5, start to completion")
            .exec(group("workflow FanOut5 start to completion").on(workflowToCompletion()));

    {
        Duration during = settings.duration();
        // one scenario after the other: each one's figures are its own
        PopulationBuilder chain = workflow.injectOpen(constantUsersPerSec(settings.workflowRate()).during(during));
        for (int i = scenarios.size() - 1; i >= 0; i--) {
            chain = scenarios.get(i).injectOpen(constantUsersPerSec(settings.rate()).during(during)).andThen(chain);
        }
        setUp(chain)
                .protocols(protocol)
                .maxDuration(during.multipliedBy(scenarios.size() + 1).plusMinutes(2))
                .assertions(
                        global().failedRequests().percent().lte(settings.maxFailedPercent()),
                        global().responseTime().percentile(99.0).lt(settings.p99Millis()));
    }

    /**
     * Starts a {@code FanOut5} workflow (five activities at once, served by the SDK worker), then
     * polls its state until it completes; a workflow that fails or does not complete in time is a
     * failed request.
     */
    private static ChainBuilder workflowToCompletion() {
        return exec(session -> session.set("wf", "load-" + UUID.randomUUID()).set("status", "PENDING"))
                .exec(http("workflow start").post("/v1.0/workflows/dapr/FanOut5/start?instanceID=#{wf}")
                        .check(status().is(202)))
                .asLongAs(session -> !completed(session) && session.getInt("polls") < MAX_WORKFLOW_POLLS, "polls")
                .on(pause(WORKFLOW_POLL_INTERVAL)
                        .exec(http("workflow get").get(Warmup.workflowPath("#{wf}"))
                                .check(status().is(200),
                                        jsonPath("$.runtimeStatus").in("PENDING", "RUNNING", "COMPLETED")
                                                .saveAs("status"))))
                .doIf(session -> !completed(session))
                .then(exec(http("workflow did not complete").get(Warmup.workflowPath("#{wf}"))
                        .check(jsonPath("$.runtimeStatus").is("COMPLETED"))));
    }

    private static boolean completed(Session session) {
        return "COMPLETED".equals(session.getString("status"));
    }

    @Override
    public void before() {
        if (processes != null) {
            processes.start();
        }
        Warmup warmup = new Warmup(base, settings.invokeAppId());
        warmup.seed();
        warmup.awaitReady(processes == null ? () -> {
        } : processes::assertAlive);
        warmup.run(settings.warmup());
    }

    @Override
    public void after() {
        if (processes != null) {
            processes.close();
        }
    }
}
