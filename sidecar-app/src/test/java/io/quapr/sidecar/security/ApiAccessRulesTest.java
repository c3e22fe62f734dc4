package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which routes and RPCs the {@code spec.api} lists turn off, and how a broken list is refused. */
class ApiAccessRulesTest {

    private static ApiAccessRules.Rules rules(String yaml) {
        ConfigurationProblems problems = Yaml.problems();
        ApiAccessRules.Rules rules = ApiAccessRules.parse(Yaml.section(yaml), problems);
        Yaml.assertNone(problems);
        return rules;
    }

    private static boolean http(ApiAccessRules.Rules rules, String method, String path) {
        return ApiAccessRules.allowed(HttpApiEndpoints.match(method, path), rules);
    }

    private static boolean grpc(ApiAccessRules.Rules rules, String rpc) {
        return ApiAccessRules.allowed("dapr.proto.runtime.v1.Dapr/" + rpc, rules);
    }

    @Test
    void requestsFindDaprdsRoutes() {
        assertEquals("state/{storeName}/{key}", HttpApiEndpoints.match("GET", "/v1.0/state/s/k").route());
        assertEquals("state/{storeName}/bulk", HttpApiEndpoints.match("POST", "/v1.0/state/s/bulk").route());
        assertEquals("state/{storeName}/{key}", HttpApiEndpoints.match("GET", "/v1.0/state/s/bulk").route(),
                "no GET on .../bulk: the key route takes it");
        assertEquals("publish/bulk/{pubsubname}/*",
                HttpApiEndpoints.match("POST", "/v1.0-alpha1/publish/bulk/p/t").route());
        assertEquals("publish/bulk/{pubsubname}/*", HttpApiEndpoints.match("POST", "/v1.0/publish/bulk/p/t").route());
        assertEquals("publish/{pubsubname}/*", HttpApiEndpoints.match("POST", "/v1.0/publish/p/a/b").route());
        assertEquals("healthz", HttpApiEndpoints.match("GET", "//v1.0//healthz/").route());
        assertSame(HttpApiEndpoints.INVOKE, HttpApiEndpoints.match("GET", "/v1.0/state"));
        assertSame(HttpApiEndpoints.INVOKE, HttpApiEndpoints.match("GET", "/anything/else"));
        assertSame(HttpApiEndpoints.INVOKE, HttpApiEndpoints.match("PATCH", "/v1.0/invoke/app/method/x"));
    }

    @Test
    void withoutListsEverythingIsOn() {
        ApiAccessRules.Rules none = rules("");
        assertTrue(http(none, "GET", "/v1.0/state/s/k"));
        assertTrue(grpc(none, "GetState"));
    }

    @Test
    void aDeniedHttpApiIsOffByGroupOrByPathPrefix() {
        ApiAccessRules.Rules byPath = rules("denied:\n- {name: state, version: v1.0, protocol: http}");
        assertFalse(http(byPath, "GET", "/v1.0/state/s/k"));
        assertFalse(http(byPath, "POST", "/v1.0/state/s/transaction"));
        assertTrue(http(byPath, "POST", "/v1.0-alpha1/state/s/query"), "another version");
        assertTrue(http(byPath, "GET", "/v1.0/secrets/s/k"));
        assertTrue(grpc(byPath, "GetState"), "an HTTP rule leaves gRPC alone");

        ApiAccessRules.Rules byGroup = rules("denied:\n- {name: state, version: v1, protocol: HTTP}");
        assertFalse(http(byGroup, "DELETE", "/v1.0/state/s/k"));
        assertTrue(http(byGroup, "POST", "/v1.0-alpha1/state/s/query"), "group state/v1alpha1");
    }

    @Test
    void anAllowListTurnsEverythingElseOffButHealth() {
        ApiAccessRules.Rules allow = rules("allowed:\n- {name: state, version: v1.0, protocol: http}");
        assertTrue(http(allow, "GET", "/v1.0/state/s/k"));
        assertFalse(http(allow, "GET", "/v1.0/metadata"));
        assertFalse(http(allow, "GET", "/v1.0/invoke/app/method/x"));
        assertFalse(http(allow, "POST", "/v1.0/shutdown"));
        assertTrue(http(allow, "GET", "/v1.0/healthz"));
        assertTrue(http(allow, "GET", "/v1.0/healthz/outbound"));
    }

    @Test
    void theDenyListWinsOverTheAllowList() {
        ApiAccessRules.Rules both = rules("""
                allowed:
                - {name: state, version: v1.0, protocol: http}
                - {name: state, version: v1, protocol: grpc}
                denied:
                - {name: state, version: v1, protocol: http}
                - {name: state, version: v1, protocol: grpc}
                """);
        assertFalse(http(both, "GET", "/v1.0/state/s/k"));
        assertFalse(grpc(both, "GetState"));
    }

    @Test
    void grpcRulesNameTheRpcsOfAnApi() {
        ApiAccessRules.Rules deny = rules("denied:\n- {name: publish, version: v1, protocol: grpc}");
        assertFalse(grpc(deny, "PublishEvent"));
        assertFalse(grpc(deny, "BulkPublishEvent"));
        assertTrue(grpc(deny, "BulkPublishEventAlpha1"));
        assertTrue(grpc(deny, "GetState"));
        assertTrue(ApiAccessRules.allowed("helloworld.Greeter/SayHello", deny), "proxied calls pass");

        ApiAccessRules.Rules allow = rules("allowed:\n- {name: secrets, version: v1, protocol: grpc}");
        assertTrue(grpc(allow, "GetBulkSecret"));
        assertFalse(grpc(allow, "GetMetadata"));
        assertFalse(grpc(allow, "SubscribeTopicEventsAlpha1"));
    }

    @Test
    void aGrpcAllowListNamingNoKnownApiChecksNothingAsInDaprd() {
        ApiAccessRules.Rules unknown = rules("allowed:\n- {name: nosuch, version: v1, protocol: grpc}");
        assertTrue(grpc(unknown, "GetState"));
    }

    @Test
    void brokenRulesAreNamed() {
        ConfigurationProblems problems = Yaml.problems();
        ApiAccessRules.parse(Yaml.section("""
                allowed:
                - {name: state, version: v1}
                - {version: v1, protocol: grpc}
                denied:
                - {name: state, version: v1, protocol: tcp}
                - nope
                """), problems);
        String at = "config.yaml: Configuration 'appconfig': field ";
        assertEquals(List.of(
                at + "'spec.api.allowed[0].protocol' is required: must be 'http' or 'grpc'",
                at + "'spec.api.allowed[1].name' is required",
                at + "'spec.api.denied[0].protocol' is 'tcp': must be 'http' or 'grpc'",
                at + "'spec.api.denied[1]' must be an object with name, version and protocol"),
                Yaml.lines(problems));
    }
}
