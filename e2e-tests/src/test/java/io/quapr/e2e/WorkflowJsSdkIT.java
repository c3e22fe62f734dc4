package io.quapr.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JavaScript durabletask SDK ({@code @dapr/durabletask-js}: a
 * {@code TaskHubGrpcWorker} and a {@code TaskHubGrpcClient}, unchanged) against one sidecar on the
 * zero-config default: the embedded {@code state.sqlite} actor state store in a fresh
 * {@code --data-dir}. The cases, in {@code js/test/workflow.test.mjs}, mirror
 * {@link WorkflowSdkIT}.
 */
class WorkflowJsSdkIT {

    private static Sidecar sidecar;

    @BeforeAll
    static void start() {
        Path data = E2e.target().resolve("e2e-data/workflow-js-sdk");
        E2e.deleteTree(data);
        Path home = E2e.target().resolve("e2e-data/workflow-js-sdk-home");
        // a HOME without ~/.quapr/components, so the embedded default (and its sqlite store) is what loads
        sidecar = Sidecar.start("workflow-js-sdk", "e2e-workflow-js", List.of(), List.of(), 0,
                List.of("--data-dir", data.toString()), Map.of("HOME", home.toString()));
    }

    @AfterAll
    static void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    @Test
    void javascriptSdk() throws IOException {
        // the SDK logs every work item to the console: its own file keeps node's report readable
        Path sdkLog = E2e.target().resolve("e2e-logs/js-workflow-sdk-console.log");
        Files.deleteIfExists(sdkLog);
        JsSdk.run("workflow", "workflow.test.mjs", sidecar, Map.of("WORKFLOW_SDK_LOG", sdkLog.toString()));
    }
}
