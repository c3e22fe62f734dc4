package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How an access-control section decides, case by case, for an HTTP app and for a gRPC app: the
 * table daprd's evaluation gives.
 */
class AccessControlListTest {

    /** Global deny; policies for several apps, as one would write them. */
    private static final String SPEC = """
            defaultAction: deny
            trustDomain: corp
            policies:
            - appId: frontend
              defaultAction: allow
              trustDomain: public
              namespace: ns1
              operations:
              - name: /orders
                httpVerb: [POST, GET]
                action: allow
              - name: /admin
                httpVerb: ["*"]
                action: deny
            - appId: billing
              defaultAction: deny
              trustDomain: domain1
              namespace: ns2
              operations:
              - name: /invoices/a/*
                httpVerb: [PUT, GET]
                action: allow
              - name: /pay
                httpVerb: [POST]
                action: allow
            - appId: reports
              trustDomain: domain1
              namespace: ns1
              operations:
              - name: /export
                httpVerb: [POST]
                action: allow
            - appId: grpcapp
              defaultAction: deny
              trustDomain: domain1
              namespace: ns2
              operations:
              - name: /op6
                action: allow
              - name: /op7/a/b/*
                action: allow
              - name: /op7/a/b/c/f
                action: allow
              - name: /op7/a/b*
                action: allow
              - name: /op7/c/**
                action: allow
            - appId: frontend
              defaultAction: allow
              trustDomain: public
              namespace: ns4
              operations:
              - name: /other
                httpVerb: ["*"]
                action: allow
            """;

    private static AccessControlList http() {
        return parse(SPEC, true);
    }

    private static AccessControlList grpc() {
        return parse(SPEC, false);
    }

    private static AccessControlList parse(String yaml, boolean httpApp) {
        ConfigurationProblems problems = Yaml.problems();
        AccessControlList acl = AccessControlList.parse(Yaml.section(yaml), httpApp, problems);
        Yaml.assertNone(problems);
        return acl;
    }

    private static boolean allows(AccessControlList acl, String td, String ns, String app, String verb, String op) {
        return acl.decide(td, ns, app, verb, op).allowed();
    }

    @Test
    void withoutASectionEverythingIsAllowed() {
        AccessControlList acl = parse("", true);
        assertFalse(acl.present());
        assertEquals("public", acl.trustDomain());
        assertTrue(allows(acl, "public", "ns1", "anyone", "DELETE", "/anything"));
        assertTrue(allows(acl, null, null, null, null, "/anything"));
    }

    @Test
    void theGlobalTrustDomainIsTheSidecarsOwnAndDefaultsToPublic() {
        assertEquals("corp", http().trustDomain());
        assertEquals("public", parse("defaultAction: allow", true).trustDomain());
    }

    @Test
    void anAppWithoutAPolicyGetsTheGlobalDefault() {
        assertFalse(allows(http(), "public", "ns1", "stranger", "POST", "/orders"));
        assertTrue(allows(parse("defaultAction: allow\npolicies: []", true), "public", "ns1", "stranger", "POST",
                "/x"));
    }

    @Test
    void aCallerWithoutIdentityGetsTheGlobalDefault() {
        assertFalse(allows(http(), null, null, null, "POST", "/orders"));
        assertFalse(allows(http(), "", "", "", "POST", "/orders"));
    }

    @Test
    void anotherTrustDomainOrNamespaceIgnoresThePolicy() {
        assertFalse(allows(http(), "private", "ns1", "frontend", "POST", "/orders"));
        assertFalse(allows(http(), "public", "elsewhere", "frontend", "POST", "/orders"));
    }

    @Test
    void theSameAppIdInAnotherNamespaceHasItsOwnPolicy() {
        assertTrue(allows(http(), "public", "ns4", "frontend", "PUT", "/other"));
        assertTrue(allows(http(), "public", "ns4", "frontend", "GET", "/unlisted"), "its own default: allow");
    }

    @Test
    void anUnlistedOperationGetsTheAppsDefault() {
        assertTrue(allows(http(), "public", "ns1", "frontend", "POST", "/unlisted"));
        assertFalse(allows(http(), "domain1", "ns2", "billing", "POST", "/unlisted"));
    }

    @Test
    void aListedVerbGetsTheOperationsAction() {
        assertTrue(allows(http(), "domain1", "ns2", "billing", "POST", "/pay"));
        assertTrue(allows(http(), "public", "ns1", "frontend", "GET", "orders"), "a leading slash is added");
    }

    @Test
    void anUnlistedVerbGetsTheAppsDefault() {
        assertFalse(allows(http(), "domain1", "ns2", "billing", "PUT", "/pay"));
    }

    @Test
    void anUnlistedVerbWithoutAppDefaultGetsTheGlobalDefault() {
        assertFalse(allows(http(), "domain1", "ns1", "reports", "PUT", "/export"));
        assertTrue(allows(http(), "domain1", "ns1", "reports", "POST", "/export"));
    }

    @Test
    void theStarVerbMatchesEveryVerb() {
        assertFalse(allows(http(), "public", "ns1", "frontend", "PUT", "/admin"));
        assertFalse(allows(http(), "public", "ns1", "frontend", "GET", "/admin"));
    }

    @Test
    void aCallWithoutVerbToAListedOperationOfAnHttpAppGetsTheAppsDefault() {
        assertFalse(allows(http(), "domain1", "ns2", "billing", null, "/pay"));
        assertFalse(allows(http(), "domain1", "ns1", "reports", "", "/export"),
                "no app default: the empty action denies");
        assertTrue(allows(http(), "public", "ns1", "frontend", null, "/admin"), "the app default allows");
    }

    @Test
    void httpOperationsIgnoreCase() {
        assertFalse(allows(http(), "public", "ns1", "frontend", "POST", "/Admin"));
        assertTrue(allows(http(), "public", "ns1", "frontend", "get", "/ORDERS"), "verbs are upper-cased too");
    }

    @Test
    void grpcOperationsAreCaseSensitive() {
        assertTrue(allows(grpc(), "domain1", "ns2", "billing", null, "/pay"));
        assertFalse(allows(grpc(), "domain1", "ns2", "billing", null, "/PAY"));
    }

    @Test
    void grpcAppsIgnoreVerbs() {
        assertTrue(allows(grpc(), "domain1", "ns2", "billing", "PUT", "/pay"), "the operation's action");
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op6"), "no verbs listed at all");
    }

    @Test
    void aSingleStarSegmentMatchesOneLastSegment() {
        assertTrue(allows(http(), "domain1", "ns2", "billing", "PUT", "/invoices/a/b"));
        assertTrue(allows(http(), "domain1", "ns2", "billing", "PUT", "/invoices/a"), "the bare prefix too");
        assertFalse(allows(http(), "domain1", "ns2", "billing", "PUT", "/invoices/b/b"));
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/a/b/c"));
        assertFalse(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/a/b/c/d"));
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/a/b/c/f"));
    }

    @Test
    void aStarWithinASegmentMatchesAnyCharacters() {
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/a/bc"));
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/a/b.x"));
        assertFalse(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/a/cb"));
    }

    @Test
    void aDoubleStarMatchesEverythingBelow() {
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/c/d/e"));
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op7/c/d"));
    }

    @Test
    void anOperationMatchesThePathsBelowIt() {
        assertTrue(allows(grpc(), "domain1", "ns2", "grpcapp", null, "op6/anything/below"));
        assertFalse(allows(http(), "public", "ns1", "frontend", "GET", "/admin/users/1"));
    }

    @Test
    void theFirstOperationWrittenForAPathWins() {
        AccessControlList acl = parse("""
                defaultAction: deny
                policies:
                - appId: a
                  namespace: default
                  trustDomain: public
                  operations:
                  - name: /x
                    action: allow
                  - name: /x
                    action: deny
                """, false);
        assertTrue(allows(acl, "public", "default", "a", null, "/x"));
    }

    @Test
    void aLaterPolicyForTheSameAppAndNamespaceReplacesTheFirst() {
        AccessControlList acl = parse("""
                defaultAction: deny
                policies:
                - appId: a
                  namespace: default
                  trustDomain: public
                  defaultAction: allow
                - appId: a
                  namespace: default
                  trustDomain: public
                  defaultAction: deny
                """, false);
        assertFalse(allows(acl, "public", "default", "a", null, "/x"));
    }

    @Test
    void aMissingGlobalDefaultIsAllowAsInDaprdsMergedDefaults() {
        AccessControlList acl = parse("""
                policies:
                - appId: a
                  namespace: default
                  trustDomain: public
                  operations:
                  - name: /x
                    action: deny
                """, false);
        assertTrue(acl.present());
        assertTrue(allows(acl, "public", "default", "stranger", null, "/x"));
        assertFalse(allows(acl, "public", "default", "a", null, "/x"));
    }

    @Test
    void anEmptyGlobalDefaultIsDenyUnlessThePoliciesAreAnEmptyList() {
        assertFalse(allows(parse("defaultAction: ''", false), "public", "default", "a", null, "/x"));
        assertTrue(allows(parse("defaultAction: ''\npolicies: []", false), "public", "default", "a", null, "/x"));
        assertFalse(parse("defaultAction: ''\ntrustDomain: ''\npolicies: []", false).present(),
                "all empty: no access control at all");
    }

    @Test
    void actionsIgnoreCase() {
        AccessControlList acl = parse("defaultAction: Allow", false);
        assertTrue(allows(acl, "public", "default", "a", null, "/x"));
    }

    @Test
    void aDenialSaysWhoWhatAndHowAsDaprdDoes() {
        AccessDecision d = http().decide("public", "ns1", "frontend", "PUT", "/admin");
        assertFalse(d.allowed());
        assertEquals("access control policy has denied access to id: spiffe://public/ns/ns1/frontend operation: "
                + "/admin verb: PUT", d.message());
        AccessDecision anonymous = http().decide(null, null, null, null, "orders");
        assertEquals("access control policy has denied access to id:  operation: orders verb: NONE",
                anonymous.message());
        assertEquals("", http().decide("public", "ns1", "frontend", "GET", "/orders").message());
    }
}
