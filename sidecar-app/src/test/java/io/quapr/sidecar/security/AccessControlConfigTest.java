package io.quapr.sidecar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A broken {@code spec.accessControl} is refused at start-up, each problem naming its field. */
class AccessControlConfigTest {

    private static List<String> problems(String yaml) {
        ConfigurationProblems problems = Yaml.problems();
        AccessControlList.parse(Yaml.section(yaml), true, problems);
        return Yaml.lines(problems);
    }

    private static String at(String field, String text) {
        return "config.yaml: Configuration 'appconfig': field '" + field + "' " + text;
    }

    @Test
    void anInvalidGlobalActionIsNamed() {
        assertEquals(List.of(at("spec.accessControl.defaultAction", "is 'permit': must be 'allow' or 'deny'")),
                problems("defaultAction: permit"));
    }

    @Test
    void aPolicyNeedsAppIdNamespaceAndTrustDomain() {
        assertEquals(List.of(
                at("spec.accessControl.policies[0].appId", "is required"),
                at("spec.accessControl.policies[0].namespace", "is required"),
                at("spec.accessControl.policies[0].trustDomain", "is required")),
                problems("defaultAction: deny\npolicies:\n- defaultAction: allow\n"));
    }

    @Test
    void operationsNeedANameAndAValidAction() {
        assertEquals(List.of(
                at("spec.accessControl.policies[0].defaultAction", "is 'alow': must be 'allow' or 'deny'"),
                at("spec.accessControl.policies[0].operations[0].name", "is required"),
                at("spec.accessControl.policies[0].operations[1].action", "is required: must be 'allow' or 'deny'"),
                at("spec.accessControl.policies[0].operations[2].action", "is 'permit': must be 'allow' or 'deny'")),
                problems("""
                        policies:
                        - appId: a
                          namespace: default
                          trustDomain: public
                          defaultAction: alow
                          operations:
                          - action: allow
                          - name: /b
                          - name: /c
                            action: permit
                        """));
    }

    @Test
    void verbsMustBeWrittenAsDaprdMatchesThem() {
        assertEquals(List.of(at("spec.accessControl.policies[0].operations[0].httpVerb[1]",
                "is 'get': must be one of CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE or *, "
                        + "in capitals")),
                problems("""
                        policies:
                        - appId: a
                          namespace: default
                          trustDomain: public
                          operations:
                          - name: /b
                            httpVerb: [POST, get]
                            action: allow
                        """));
    }

    @Test
    void wrongShapesAreNamed() {
        assertEquals(List.of(at("spec.accessControl.policies", "must be a list")),
                problems("policies: nope"));
        assertEquals(List.of(at("spec.accessControl", "must be an object")), problems("[1, 2]"));
    }
}
