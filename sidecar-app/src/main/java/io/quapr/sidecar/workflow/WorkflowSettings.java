package io.quapr.sidecar.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.StartupException;
import io.quapr.spi.GoDuration;
import io.quapr.workflow.Configuration;
import io.quapr.workflow.RetentionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's {@link Configuration} from the Dapr Configuration's {@code spec.workflow}:
 * {@code maxConcurrentWorkflowInvocations}, {@code maxConcurrentActivityInvocations} and
 * {@code stateRetentionPolicy} ({@code anyTerminal}, {@code completed}, {@code failed},
 * {@code terminated}, Go durations), as daprd reads them. What is absent keeps
 * {@link Configuration#DEFAULT}.
 */
final class WorkflowSettings {

    private WorkflowSettings() {
    }

    /**
     * Reads the section.
     *
     * @param section {@code spec.workflow}, or a missing node
     * @param where names the file and the Configuration in start-up messages
     * @throws StartupException naming every field that is wrong
     */
    static Configuration from(JsonNode section, String where) {
        List<String> problems = new ArrayList<>();
        Configuration c = Configuration.DEFAULT;
        int workflows = positive(section, "maxConcurrentWorkflowInvocations", c.maxConcurrentWorkflowInvocations(),
                where, problems);
        int activities = positive(section, "maxConcurrentActivityInvocations", c.maxConcurrentActivityInvocations(),
                where, problems);
        JsonNode retention = section.path("stateRetentionPolicy");
        RetentionPolicy policy = new RetentionPolicy(duration(retention, "anyTerminal", where, problems),
                duration(retention, "completed", where, problems), duration(retention, "failed", where, problems),
                duration(retention, "terminated", where, problems));
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        return c.withConcurrency(workflows, activities).withStateRetentionPolicy(policy);
    }

    private static int positive(JsonNode section, String key, int fallback, String where, List<String> problems) {
        JsonNode v = section.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        // YAML may give the number as text ("50") when quoted, as Go's decoder accepts too
        String text = v.asText().trim();
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(where + ": field 'spec.workflow." + key + "' must be a whole number of at least 1, not '" + text
                + "'");
        return fallback;
    }

    private static Duration duration(JsonNode retention, String key, String where, List<String> problems) {
        JsonNode v = retention.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            Duration d = GoDuration.parse(v.asText().trim());
            if (!d.isNegative()) {
                return d;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        problems.add(where + ": field 'spec.workflow.stateRetentionPolicy." + key
                + "' must be a duration such as 24h or 30m, not '" + v.asText() + "'");
        return null;
    }
}
