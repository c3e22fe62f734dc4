package io.quapr.sidecar.resiliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.StartupException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Resiliency YAML: policies with daprd's defaults, targets, scopes, and the errors. */
class ResiliencyParserTest {

    private static final String FULL = """
            policies:
              timeouts:
                general: 5s
                plainNumber: 1500
              retries:
                serviceRetry:
                  policy: constant
                  duration: 250ms
                  maxRetries: 2
                  matching:
                    httpStatusCodes: "500-599,429"
                    gRPCStatusCodes: "14"
                forever:
                  policy: exponential
                  maxInterval: 15s
                  maxRetries: -1
                missingMaxRetries:
                  policy: constant
              circuitBreakers:
                cb:
                  maxRequests: 2
                  interval: 8s
                  timeout: 45s
                  trip: consecutiveFailures > 8
                bare: {}
            targets:
              apps:
                appB:
                  timeout: general
                  retry: serviceRetry
                  circuitBreaker: cb
              actors:
                myActor:
                  timeout: general
                  circuitBreaker: cb
                  circuitBreakerScope: both
              components:
                statestore:
                  outbound:
                    timeout: plainNumber
                    retry: forever
                    circuitBreaker: cb
                pubsub:
                  inbound:
                    retry: serviceRetry
                pubsub/orders:
                  inbound:
                    retry: forever
            """;

    @Test
    void policiesKeepTheirFieldsAndDaprdsDefaults() {
        ResiliencyPolicies p = ResiliencyYaml.parse(FULL);
        ResolvedPolicy app = p.app("appB");
        assertEquals(Duration.ofSeconds(5), app.timeout());
        RetryPolicy retry = app.retry();
        assertFalse(retry.exponential());
        assertEquals(Duration.ofMillis(250), retry.duration());
        assertEquals(2, retry.maxRetries());
        assertTrue(retry.retriesCode(503));
        assertTrue(retry.retriesCode(429));
        assertFalse(retry.retriesCode(404));
        assertTrue(retry.retriesCode(14), "gRPC UNAVAILABLE");
        assertFalse(retry.retriesCode(5), "gRPC NOT_FOUND");
        assertEquals(2, app.breaker().maxRequests());
        assertEquals(Duration.ofSeconds(8), app.breaker().interval());
        assertEquals(Duration.ofSeconds(45), app.breaker().timeout());

        ResolvedPolicy store = p.componentOutbound("statestore", "state");
        assertEquals(Duration.ofMillis(1500), store.timeout(), "a plain number is milliseconds, as in daprd");
        assertTrue(store.retry().exponential());
        assertEquals(-1, store.retry().maxRetries());
        assertEquals(Duration.ofSeconds(15), store.retry().maxInterval());
        assertEquals(Duration.ofMillis(500), store.retry().initialInterval());
        assertEquals(1.5, store.retry().multiplier());
    }

    @Test
    void omittedFieldsTakeDaprdsDefaults() {
        ResiliencyPolicies p = ResiliencyYaml.parse(FULL);
        RetryPolicy missing = p.retries.get("missingMaxRetries");
        assertEquals(-1, missing.maxRetries(), "an unset maxRetries retries forever, as in daprd");
        assertEquals(Duration.ofSeconds(5), missing.duration());
        BreakerPolicy bare = p.breakers.get("bare");
        assertEquals(1, bare.maxRequests());
        assertEquals(Duration.ZERO, bare.interval());
        assertEquals(Duration.ofSeconds(60), bare.timeout());
        assertEquals("consecutiveFailures > 5", bare.trip().expression());
    }

    @Test
    void aListedComponentUsesOnlyWhatItListsPerDirection() {
        ResiliencyPolicies p = ResiliencyYaml.parse(FULL);
        assertTrue(p.componentInbound("statestore", "state", null).isEmpty(), "no inbound listed: nothing");
        ResolvedPolicy in = p.componentInbound("pubsub", "pubsub", "other");
        assertEquals("components.pubsub.inbound", in.target());
        assertEquals("serviceRetry", in.names().retry());
        assertTrue(p.componentOutbound("pubsub", "pubsub").isEmpty());
    }

    @Test
    void aTopicTargetOverridesItsPubsubsInboundPolicy() {
        ResiliencyPolicies p = ResiliencyYaml.parse(FULL);
        ResolvedPolicy orders = p.componentInbound("pubsub", "pubsub", "orders");
        assertEquals("components.pubsub/orders.inbound", orders.target());
        assertEquals("forever", orders.names().retry());
    }

    @Test
    void defaultPoliciesResolveFromTheMostSpecificName() {
        ResiliencyPolicies p = ResiliencyYaml.parse("""
                policies:
                  timeouts:
                    DefaultTimeoutPolicy: 9s
                    DefaultComponentOutboundTimeoutPolicy: 3s
                  retries:
                    DefaultRetryPolicy: {policy: constant, maxRetries: 1}
                    DefaultStatestoreComponentOutboundRetryPolicy: {policy: constant, maxRetries: 7}
                    DefaultAppRetryPolicy: {policy: constant, maxRetries: 4}
                  circuitBreakers:
                    DefaultComponentCircuitBreakerPolicy: {trip: consecutiveFailures > 2}
                targets: {}
                """);
        ResolvedPolicy state = p.componentOutbound("redis", "state");
        assertEquals("DefaultStatestoreComponentOutboundRetryPolicy", state.names().retry());
        assertEquals("DefaultComponentOutboundTimeoutPolicy", state.names().timeout());
        assertEquals("DefaultComponentCircuitBreakerPolicy", state.names().circuitBreaker());

        ResolvedPolicy secrets = p.componentOutbound("vault", "secretstores");
        assertEquals("DefaultRetryPolicy", secrets.names().retry());
        assertEquals(Duration.ofSeconds(3), secrets.timeout());

        ResolvedPolicy inbound = p.componentInbound("kafka", "pubsub", "t");
        assertEquals("DefaultTimeoutPolicy", inbound.names().timeout());
        assertEquals("DefaultComponentCircuitBreakerPolicy", inbound.names().circuitBreaker());

        ResolvedPolicy app = p.app("other");
        assertEquals("DefaultAppRetryPolicy", app.names().retry());
        assertEquals("DefaultTimeoutPolicy", app.names().timeout());
        assertNull(app.breaker(), "component breaker defaults do not apply to apps");
    }

    @Test
    void builtInRetriesAreOverridableWithAFloorOfThree() {
        ResiliencyPolicies p = ResiliencyYaml.parse("""
                policies:
                  retries:
                    DaprBuiltInServiceRetries: {policy: constant, duration: 50ms, maxRetries: 1}
                    DaprBuiltInActorRetries: {policy: constant, duration: 2s, maxRetries: 10}
                    DaprBuiltInActorNotFoundRetries: {policy: constant, maxRetries: 100}
                targets: {}
                """);
        assertEquals(3, p.builtIn(BuiltInRetries.SERVICE).maxRetries());
        assertEquals(Duration.ofMillis(50), p.builtIn(BuiltInRetries.SERVICE).duration());
        assertEquals(10, p.builtIn(BuiltInRetries.ACTOR).maxRetries());
        assertEquals(5, p.builtIn(BuiltInRetries.ACTOR_NOT_FOUND).maxRetries(), "protected");
        assertEquals(3, ResiliencyPolicies.NONE.builtIn(BuiltInRetries.SERVICE).maxRetries());
        assertEquals(Duration.ofSeconds(1), ResiliencyPolicies.NONE.builtIn(BuiltInRetries.SERVICE).duration());
    }

    @Test
    void resourcesScopedToAnotherAppAreLeftOut() {
        ResiliencyPolicies p = ResiliencyParser.parse(List.of(
                ResiliencyYaml.resource("a.yaml", "mine",
                        "policies: {timeouts: {t: 1s}}\ntargets: {apps: {x: {timeout: t}}}",
                        "app"),
                ResiliencyYaml.resource("b.yaml", "theirs",
                        "policies: {timeouts: {t2: 2s}}\ntargets: {apps: {y: {timeout: t2}}}", "other")),
                "app");
        assertEquals(List.of("mine"), p.resources());
        assertEquals(Duration.ofSeconds(1), p.app("x").timeout());
        assertTrue(p.app("y").isEmpty());
    }

    @Test
    void policiesMayBeDefinedInAnotherResource() {
        ResiliencyPolicies p = ResiliencyParser.parse(List.of(
                ResiliencyYaml.resource("a.yaml", "policies", "policies: {timeouts: {t: 1s}}\ntargets: {}"),
                ResiliencyYaml.resource("b.yaml", "targets", "policies: {}\ntargets: {apps: {x: {timeout: t}}}")),
                "app");
        assertEquals(Duration.ofSeconds(1), p.app("x").timeout());
    }

    @Test
    void everyBrokenFieldIsReportedWithFileTargetAndField() {
        StartupException e = assertThrows(StartupException.class, () -> ResiliencyYaml.parse("""
                policies:
                  timeouts:
                    bad: 5 seconds
                  retries:
                    wrongType: {policy: linear}
                    badRange: {policy: constant, matching: {httpStatusCodes: "500-400"}}
                    badGrpc: {policy: constant, matching: {gRPCStatusCodes: "17"}}
                    badDuration: {policy: constant, duration: soon}
                  circuitBreakers:
                    badTrip: {trip: "consecutiveFailures >"}
                targets:
                  apps:
                    x: {retry: nope}
                  components:
                    store:
                      outbound: {circuitBreaker: missing, timeout: alsoMissing}
                    pubsub/topic:
                      outbound: {retry: wrongType}
                  actors:
                    a: {circuitBreaker: badTrip}
                """));
        String m = e.getMessage();
        assertTrue(m.contains("res.yaml: Resiliency 'r': spec.policies.timeouts.bad: invalid duration '5 seconds'"), m);
        assertTrue(m.contains("spec.policies.retries.wrongType.policy: unexpected back off policy type: linear"), m);
        assertTrue(m.contains("spec.policies.retries.badRange.matching.httpStatusCodes: invalid pattern 500-400"), m);
        assertTrue(m.contains("spec.policies.retries.badGrpc.matching.gRPCStatusCodes: invalid pattern 17"), m);
        assertTrue(m.contains("spec.policies.retries.badDuration.duration: invalid duration 'soon'"), m);
        assertTrue(m.contains("spec.policies.circuitBreakers.badTrip.trip: invalid CEL expression"), m);
        assertTrue(m.contains("spec.targets.apps.x.retry: unknown retry policy 'nope'"), m);
        assertTrue(m.contains(
                "spec.targets.components.store.outbound.circuitBreaker: unknown circuitBreaker policy 'missing'"), m);
        assertTrue(m.contains("spec.targets.components.store.outbound.timeout: unknown timeout policy 'alsoMissing'"),
                m);
        assertTrue(m.contains("spec.targets.components.pubsub/topic.outbound: a per-topic target"), m);
        assertTrue(m.contains("spec.targets.actors.a.circuitBreakerScope: actor circuit breakers must include scope"),
                m);
    }

    @Test
    void unknownFieldsAreIgnoredAsDaprdIgnoresThem() {
        ResiliencyPolicies p = ResiliencyYaml.parse("""
                policies:
                  retries:
                    r: {policy: constant, maxRetries: 1, initialInterval: 3s}
                  somethingNew: {}
                targets:
                  components:
                    store:
                      outbound: {retry: r}
                      sideways: {retry: r}
                """);
        assertEquals(1, p.componentOutbound("store", "state").retry().maxRetries());
    }
}
