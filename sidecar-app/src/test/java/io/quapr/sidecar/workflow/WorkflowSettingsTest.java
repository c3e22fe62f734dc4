package io.quapr.sidecar.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quapr.sidecar.StartupException;
import io.quapr.workflow.Configuration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code spec.workflow} of the Configuration, as YAML gives it. */
class WorkflowSettingsTest {

    private static final String WHERE = "config.yaml: Configuration 'c'";

    private static JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    @Test
    void absentSectionKeepsTheDefaults() {
        assertEquals(Configuration.DEFAULT, WorkflowSettings.from(MissingNode.getInstance(), WHERE));
    }

    @Test
    void everyFieldIsRead() throws Exception {
        Configuration c = WorkflowSettings.from(yaml("""
                maxConcurrentWorkflowInvocations: 7
                maxConcurrentActivityInvocations: "9"
                stateRetentionPolicy:
                  anyTerminal: 24h
                  completed: 30m
                  failed: 90s
                """), WHERE);
        assertEquals(7, c.maxConcurrentWorkflowInvocations());
        assertEquals(9, c.maxConcurrentActivityInvocations());
        assertEquals(Duration.ofHours(24), c.stateRetentionPolicy().anyTerminal());
        assertEquals(Duration.ofMinutes(30), c.stateRetentionPolicy().completed());
        assertEquals(Duration.ofSeconds(90), c.stateRetentionPolicy().failed());
        assertNull(c.stateRetentionPolicy().terminated());
        assertEquals(Configuration.DEFAULT.leaseDuration(), c.leaseDuration());
    }

    @Test
    void everyBadFieldIsNamedAtOnce() throws Exception {
        StartupException e = assertThrows(StartupException.class, () -> WorkflowSettings.from(yaml("""
                maxConcurrentWorkflowInvocations: 0
                maxConcurrentActivityInvocations: lots
                stateRetentionPolicy:
                  terminated: soon
                """), WHERE));
        assertEquals(List.of(
                WHERE + ": field 'spec.workflow.maxConcurrentWorkflowInvocations' must be a whole number of at least 1,"
                        + " not '0'",
                WHERE + ": field 'spec.workflow.maxConcurrentActivityInvocations' must be a whole number of at least 1,"
                        + " not 'lots'",
                WHERE + ": field 'spec.workflow.stateRetentionPolicy.terminated' must be a duration such as 24h or 30m,"
                        + " not 'soon'"),
                e.problems());
    }
}
