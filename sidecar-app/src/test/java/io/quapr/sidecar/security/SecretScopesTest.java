package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code spec.secrets.scopes}: which secret names each store lets the app read. */
class SecretScopesTest {

    private static final String SCOPES = """
            scopes:
            - storeName: open
              defaultAccess: allow
              deniedSecrets: [root]
            - storeName: closed
              defaultAccess: Deny
              allowedSecrets: [db, api]
            - storeName: listed
              allowedSecrets: [only]
              deniedSecrets: [only, other]
            - storeName: shut
              defaultAccess: deny
              deniedSecrets: [x]
            """;

    private static Map<String, SecretScopes.Scope> scopes(String yaml) {
        ConfigurationProblems problems = Yaml.problems();
        Map<String, SecretScopes.Scope> scopes = SecretScopes.parse(Yaml.section(yaml), problems);
        Yaml.assertNone(problems);
        return scopes;
    }

    @Test
    void aStoreWithoutAScopeIsOpen() {
        assertFalse(scopes(SCOPES).containsKey("other"));
        assertTrue(scopes("").isEmpty());
    }

    @Test
    void deniedSecretsAreClosedInAnOpenStore() {
        SecretScopes.Scope open = scopes(SCOPES).get("open");
        assertFalse(open.allows("root"));
        assertTrue(open.allows("anything"));
    }

    @Test
    void allowedSecretsAreTheOnlyOnesOpen() {
        SecretScopes.Scope closed = scopes(SCOPES).get("closed");
        assertTrue(closed.allows("db"));
        assertFalse(closed.allows("other"));
        SecretScopes.Scope listed = scopes(SCOPES).get("listed");
        assertTrue(listed.allows("only"), "a non-empty allow list is all that counts, as in daprd");
        assertFalse(listed.allows("other"));
    }

    @Test
    void aDenyDefaultClosesEverythingNotAllowed() {
        SecretScopes.Scope shut = scopes(SCOPES).get("shut");
        assertFalse(shut.allows("x"));
        assertFalse(shut.allows("y"));
    }

    @Test
    void brokenScopesAreNamed() {
        ConfigurationProblems problems = Yaml.problems();
        SecretScopes.parse(Yaml.section("""
                scopes:
                - storeName: a
                  defaultAccess: maybe
                - storeName: a
                - defaultAccess: allow
                """), problems);
        String at = "config.yaml: Configuration 'appconfig': field ";
        assertEquals(List.of(
                at + "'spec.secrets.scopes[0].defaultAccess' is 'maybe': must be 'allow' or 'deny'",
                at + "'spec.secrets.scopes[1].storeName' names store 'a' a second time",
                at + "'spec.secrets.scopes[2].storeName' is required"),
                Yaml.lines(problems));
    }

    @Test
    void namesAreQuotedAsGoQuotesThem() {
        assertEquals("\"db-password\"", SecretScopes.goQuote("db-password"));
        assertEquals("\"a\\\"b\\\\c\\n\\x01\"", SecretScopes.goQuote("a\"b\\c\n\u0001"));
    }
}
