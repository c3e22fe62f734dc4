package io.quapr.sidecar.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.dapr.v1.DaprMetadataProtos.SetMetadataRequest;
import io.quapr.sidecar.testing.TestWorkflowWorker;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The metadata API over gRPC: what the sidecar is and loaded, and the app's own attributes. */
@QuarkusTest
class MetadataGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Inject
    WorkflowRuntime workflows;

    @Test
    void describesTheSidecarAndItsComponents() {
        GetMetadataResponse m = dapr.getMetadata(GetMetadataRequest.getDefaultInstance());

        assertEquals("testapp", m.getId());
        assertFalse(m.getRuntimeVersion().isEmpty());
        Map<String, RegisteredComponents> byName = m.getRegisteredComponentsList().stream()
                .collect(Collectors.toMap(RegisteredComponents::getName, c -> c));
        RegisteredComponents store = byName.get("statestore");
        assertEquals("state.in-memory", store.getType());
        assertEquals("v1", store.getVersion());
        assertTrue(store.getCapabilitiesList().containsAll(List.of("ETAG", "TRANSACTIONAL", "ACTOR")),
                store.getCapabilitiesList().toString());
        assertEquals("secretstores.local.file", byName.get("secretstore").getType());
        assertEquals(List.of(), byName.get("plainstore").getCapabilitiesList());
    }

    @Test
    void workflowsCountTheConnectedWorkers() {
        GetMetadataResponse before = dapr.getMetadata(GetMetadataRequest.getDefaultInstance());
        // daprd always sets it: its workflow engine always exists
        assertTrue(before.hasWorkflows());
        int idle = before.getWorkflows().getConnectedWorkers();

        try (TestWorkflowWorker first = TestWorkflowWorker.connect(workflows.engine());
                TestWorkflowWorker second = TestWorkflowWorker.connect(workflows.engine())) {
            assertEquals(idle + 2, dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getWorkflows()
                    .getConnectedWorkers());
        }
        assertEquals(idle,
                dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getWorkflows().getConnectedWorkers());
    }

    @Test
    void setMetadataShowsUpInTheExtendedAttributes() {
        dapr.setMetadata(SetMetadataRequest.newBuilder().setKey("grpc-attr").setValue("hello").build());

        assertEquals("hello",
                dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getExtendedMetadataMap().get("grpc-attr"));
    }

    @Test
    void setMetadataWithAnEmptyKeyIsIgnored() {
        dapr.setMetadata(SetMetadataRequest.newBuilder().setKey("").setValue("ignored").build());

        assertFalse(dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getExtendedMetadataMap()
                .containsKey(""));
    }
}
