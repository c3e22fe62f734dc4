package io.quapr.sidecar.api.grpc;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprWorkflowProtos.GetWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.GetWorkflowResponse;
import io.dapr.v1.DaprWorkflowProtos.PauseWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.PurgeWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.RaiseEventWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.ResumeWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.StartWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.TerminateWorkflowRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.TestWorkflowWorker;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The workflow RPCs of daprd's gRPC API (Beta1 and their Alpha1 twins) against the engine, with
 * {@link TestWorkflowWorker}'s {@code approval} and {@code failing} workflows: daprd's answers
 * and daprd's status codes and messages (plain statuses, no {@code ErrorInfo}).
 */
@QuarkusTest
class WorkflowGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Inject
    WorkflowRuntime runtime;

    private TestWorkflowWorker worker;

    @BeforeEach
    void connectWorker() {
        worker = TestWorkflowWorker.connect(runtime.engine());
    }

    @AfterEach
    void disconnectWorker() {
        worker.close();
    }

    @Test
    void startGetPauseResumeRaiseCompletes() {
        Instant before = Instant.now().minusSeconds(1);
        assertEquals("grpc-1", dapr.startWorkflowBeta1(start("approval", "grpc-1").setWorkflowComponent("dapr")
                .setInput(utf8("{\"amount\":5}")).build()).getInstanceId());

        GetWorkflowResponse running = awaitState(dapr::getWorkflowBeta1, "grpc-1", "RUNNING", "waiting");
        assertEquals("grpc-1", running.getInstanceId());
        assertEquals("approval", running.getWorkflowName());
        assertEquals("{\"amount\":5}", running.getPropertiesMap().get("dapr.workflow.input"));
        assertFalse(running.getPropertiesMap().containsKey("dapr.workflow.output"));
        Instant created = instant(running.getCreatedAt());
        assertTrue(!created.isBefore(before) && created.isBefore(Instant.now().plusSeconds(1)), created::toString);

        dapr.pauseWorkflowBeta1(PauseWorkflowRequest.newBuilder().setInstanceId("grpc-1").build());
        awaitState(dapr::getWorkflowBeta1, "grpc-1", "SUSPENDED", "waiting");
        dapr.resumeWorkflowBeta1(ResumeWorkflowRequest.newBuilder().setInstanceId("grpc-1").build());
        awaitState(dapr::getWorkflowBeta1, "grpc-1", "RUNNING", "waiting");

        dapr.raiseEventWorkflowBeta1(RaiseEventWorkflowRequest.newBuilder().setInstanceId("grpc-1")
                .setEventName("approve").setEventData(utf8("\"yes\"")).build());
        GetWorkflowResponse done = awaitState(dapr::getWorkflowBeta1, "grpc-1", "COMPLETED", "approved");
        assertEquals("\"yes\"", done.getPropertiesMap().get("dapr.workflow.output"));
        assertFalse(instant(done.getLastUpdatedAt()).isBefore(created));
    }

    @Test
    void terminateThenPurgeThenGetAnswersOnlyTheId() {
        dapr.startWorkflowBeta1(start("approval", "grpc-2").build());
        awaitState(dapr::getWorkflowBeta1, "grpc-2", "RUNNING", "waiting");

        dapr.terminateWorkflowBeta1(TerminateWorkflowRequest.newBuilder().setInstanceId("grpc-2").build());
        awaitState(dapr::getWorkflowBeta1, "grpc-2", "TERMINATED", null);
        dapr.purgeWorkflowBeta1(PurgeWorkflowRequest.newBuilder().setInstanceId("grpc-2").build());

        // daprd's gRPC get of a missing instance: no error, the id and nothing else
        assertEquals(GetWorkflowResponse.newBuilder().setInstanceId("grpc-2").build(), get("grpc-2"));
    }

    @Test
    void alpha1TwinsDoTheSame() {
        assertEquals("grpc-a1", dapr.startWorkflowAlpha1(start("approval", "grpc-a1").build()).getInstanceId());
        awaitState(dapr::getWorkflowAlpha1, "grpc-a1", "RUNNING", "waiting");
        dapr.pauseWorkflowAlpha1(PauseWorkflowRequest.newBuilder().setInstanceId("grpc-a1").build());
        awaitState(dapr::getWorkflowAlpha1, "grpc-a1", "SUSPENDED", "waiting");
        dapr.resumeWorkflowAlpha1(ResumeWorkflowRequest.newBuilder().setInstanceId("grpc-a1").build());
        awaitState(dapr::getWorkflowAlpha1, "grpc-a1", "RUNNING", "waiting");
        dapr.raiseEventWorkflowAlpha1(RaiseEventWorkflowRequest.newBuilder().setInstanceId("grpc-a1")
                .setEventName("approve").setEventData(utf8("42")).build());
        assertEquals("42", awaitState(dapr::getWorkflowAlpha1, "grpc-a1", "COMPLETED", "approved")
                .getPropertiesMap().get("dapr.workflow.output"));
        dapr.purgeWorkflowAlpha1(PurgeWorkflowRequest.newBuilder().setInstanceId("grpc-a1").build());
        assertEquals(GetWorkflowResponse.newBuilder().setInstanceId("grpc-a1").build(),
                dapr.getWorkflowAlpha1(GetWorkflowRequest.newBuilder().setInstanceId("grpc-a1").build()));

        dapr.startWorkflowAlpha1(start("approval", "grpc-a2").build());
        awaitState(dapr::getWorkflowAlpha1, "grpc-a2", "RUNNING", "waiting");
        dapr.terminateWorkflowAlpha1(TerminateWorkflowRequest.newBuilder().setInstanceId("grpc-a2").build());
        awaitState(dapr::getWorkflowAlpha1, "grpc-a2", "TERMINATED", null);
    }

    @Test
    void startWithoutIdMakesOneAndAnyComponentReachesTheEngine() {
        // daprd's gRPC API never reads workflow_component
        String id = dapr.startWorkflowBeta1(start("approval", "").setWorkflowComponent("no-such-component").build())
                .getInstanceId();
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
        assertEquals("approval", awaitState(dapr::getWorkflowBeta1, id, "RUNNING", "waiting").getWorkflowName());
        dapr.terminateWorkflowBeta1(TerminateWorkflowRequest.newBuilder().setInstanceId(id).build());
    }

    @Test
    void failureDetailsAreProperties() {
        dapr.startWorkflowBeta1(start("failing", "grpc-3").build());
        GetWorkflowResponse failed = awaitState(dapr::getWorkflowBeta1, "grpc-3", "FAILED", null);
        assertEquals("java.lang.IllegalStateException",
                failed.getPropertiesMap().get("dapr.workflow.failure.error_type"));
        assertEquals("out of stock", failed.getPropertiesMap().get("dapr.workflow.failure.error_message"));
        assertEquals("at Shop.buy(Shop.java:7)", failed.getPropertiesMap().get("dapr.workflow.failure.stack_trace"));
    }

    @Test
    void aStartTimeDelaysTheFirstRun() {
        String later = Instant.now().plus(Duration.ofHours(1)).toString();
        dapr.startWorkflowBeta1(start("approval", "grpc-later").putOptions("dapr.workflow.start_time", later).build());

        // the worker is connected, so only the start time keeps it from running
        sleepMillis(200);
        assertEquals("PENDING", get("grpc-later").getRuntimeStatus());
        dapr.terminateWorkflowBeta1(TerminateWorkflowRequest.newBuilder().setInstanceId("grpc-later").build());
        awaitState(dapr::getWorkflowBeta1, "grpc-later", "TERMINATED", null);
    }

    @Test
    void aStartTimeThatIsNotRfc3339IsErrStartWorkflow() {
        for (String bad : new String[] { "2030-01-01 10:00:00Z", "2030-01-01T10:00Z", "2030-02-30T10:00:00Z",
                "tomorrow" }) {
            StatusRuntimeException e = fails(() -> dapr.startWorkflowBeta1(
                    start("approval", "grpc-bad-time").putOptions("dapr.workflow.start_time", bad).build()));
            assertStatus(Status.Code.INTERNAL, "error starting workflow 'approval': start times must be in RFC3339"
                    + " format (e.g. \"2009-11-10T23:00:00Z\")", e);
        }
        assertEquals("", get("grpc-bad-time").getWorkflowName(), "nothing was started");
    }

    @Test
    void startingARunningIdAgainIsErrStartWorkflow() {
        dapr.startWorkflowBeta1(start("approval", "grpc-4").build());
        StatusRuntimeException e = fails(() -> dapr.startWorkflowBeta1(start("approval", "grpc-4").build()));
        assertStatus(Status.Code.INTERNAL,
                "error starting workflow 'approval': an active workflow with ID 'grpc-4' already exists", e);
        dapr.terminateWorkflowBeta1(TerminateWorkflowRequest.newBuilder().setInstanceId("grpc-4").build());
    }

    @Test
    void purgingARunningInstanceIsErrPurgeWorkflow() {
        dapr.startWorkflowBeta1(start("approval", "grpc-5").build());
        awaitState(dapr::getWorkflowBeta1, "grpc-5", "RUNNING", "waiting");
        StatusRuntimeException e = fails(
                () -> dapr.purgeWorkflowBeta1(PurgeWorkflowRequest.newBuilder().setInstanceId("grpc-5").build()));
        assertStatusMatches(Status.Code.INTERNAL, "error purging workflow grpc-5: .+", e);
        dapr.terminateWorkflowBeta1(TerminateWorkflowRequest.newBuilder().setInstanceId("grpc-5").build());
    }

    @Test
    void aMissingInstance() {
        assertEquals(GetWorkflowResponse.newBuilder().setInstanceId("nobody").build(), get("nobody"));
        assertStatus(Status.Code.NOT_FOUND, "unable to find workflow with the provided instance ID: nobody",
                fails(() -> dapr.terminateWorkflowBeta1(
                        TerminateWorkflowRequest.newBuilder().setInstanceId("nobody").build())));
        assertStatus(Status.Code.NOT_FOUND, "unable to find workflow with the provided instance ID: nobody",
                fails(() -> dapr
                        .purgeWorkflowBeta1(PurgeWorkflowRequest.newBuilder().setInstanceId("nobody").build())));
        // daprd words these as failures of the operation, not as not found
        assertStatusMatches(Status.Code.INTERNAL, "error raising event on workflow 'nobody': .+",
                fails(() -> dapr.raiseEventWorkflowBeta1(RaiseEventWorkflowRequest.newBuilder()
                        .setInstanceId("nobody").setEventName("approve").build())));
        assertStatusMatches(Status.Code.INTERNAL, "error pausing workflow nobody: .+",
                fails(() -> dapr
                        .pauseWorkflowBeta1(PauseWorkflowRequest.newBuilder().setInstanceId("nobody").build())));
        assertStatusMatches(Status.Code.INTERNAL, "error resuming workflow nobody: .+", fails(
                () -> dapr.resumeWorkflowBeta1(ResumeWorkflowRequest.newBuilder().setInstanceId("nobody").build())));
    }

    @Test
    void noInstanceId() {
        String message = "no instance ID was provided";
        assertStatus(Status.Code.INVALID_ARGUMENT, message,
                fails(() -> dapr.getWorkflowBeta1(GetWorkflowRequest.getDefaultInstance())));
        assertStatus(Status.Code.INVALID_ARGUMENT, message,
                fails(() -> dapr.terminateWorkflowBeta1(TerminateWorkflowRequest.getDefaultInstance())));
        assertStatus(Status.Code.INVALID_ARGUMENT, message,
                fails(() -> dapr.pauseWorkflowBeta1(PauseWorkflowRequest.getDefaultInstance())));
        assertStatus(Status.Code.INVALID_ARGUMENT, message,
                fails(() -> dapr.resumeWorkflowBeta1(ResumeWorkflowRequest.getDefaultInstance())));
        assertStatus(Status.Code.INVALID_ARGUMENT, message,
                fails(() -> dapr.purgeWorkflowBeta1(PurgeWorkflowRequest.getDefaultInstance())));
        // daprd checks the instance id before the event name
        assertStatus(Status.Code.INVALID_ARGUMENT, message,
                fails(() -> dapr.raiseEventWorkflowBeta1(RaiseEventWorkflowRequest.getDefaultInstance())));
    }

    @Test
    void anInvalidInstanceIdToStart() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "workflow instance ID 'no spaces' is invalid: only alphanumeric"
                + " and underscore characters are allowed",
                fails(() -> dapr.startWorkflowBeta1(start("approval", "no spaces").build())));
        assertStatus(Status.Code.INVALID_ARGUMENT, "workflow instance ID exceeds the max length of 64 characters",
                fails(() -> dapr.startWorkflowBeta1(start("approval", "x".repeat(65)).build())));
        // daprd checks the instance id before the name
        assertStatus(Status.Code.INVALID_ARGUMENT, "workflow instance ID 'a.b' is invalid: only alphanumeric and"
                + " underscore characters are allowed",
                fails(() -> dapr.startWorkflowBeta1(start("", "a.b").build())));
        // only starting checks the characters: elsewhere such an id is merely not found
        assertEquals(GetWorkflowResponse.newBuilder().setInstanceId("no spaces").build(), get("no spaces"));
    }

    @Test
    void aMissingName() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "workflow name is not configured",
                fails(() -> dapr.startWorkflowBeta1(start("", "grpc-unnamed").build())));
        assertStatus(Status.Code.INVALID_ARGUMENT, "missing workflow event name",
                fails(() -> dapr.raiseEventWorkflowBeta1(
                        RaiseEventWorkflowRequest.newBuilder().setInstanceId("grpc-unnamed").build())));
        assertEquals("", get("grpc-unnamed").getWorkflowName(), "nothing was started");
    }

    private static StartWorkflowRequest.Builder start(String name, String id) {
        return StartWorkflowRequest.newBuilder().setWorkflowName(name).setInstanceId(id);
    }

    private GetWorkflowResponse get(String id) {
        return dapr.getWorkflowBeta1(GetWorkflowRequest.newBuilder().setInstanceId(id).build());
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static StatusRuntimeException fails(Executable call) {
        return assertThrows(StatusRuntimeException.class, call);
    }

    /** daprd's workflow errors: the code and message, and no {@code ErrorInfo}. */
    private static void assertStatus(Status.Code code, String message, StatusRuntimeException e) {
        assertEquals(code, e.getStatus().getCode(), e::toString);
        assertEquals(message, e.getStatus().getDescription());
        assertNull(errorInfo(e), "daprd's workflow errors carry no ErrorInfo");
    }

    private static void assertStatusMatches(Status.Code code, String messagePattern, StatusRuntimeException e) {
        assertEquals(code, e.getStatus().getCode(), e::toString);
        assertTrue(Pattern.matches(messagePattern, e.getStatus().getDescription()), e.getStatus().getDescription());
        assertNull(errorInfo(e), "daprd's workflow errors carry no ErrorInfo");
    }

    /** Polls the get RPC until the instance has this status and custom status (null: any), 10 s at most. */
    private static GetWorkflowResponse awaitState(Function<GetWorkflowRequest, GetWorkflowResponse> get, String id,
            String status, String customStatus) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        GetWorkflowResponse last = null;
        while (System.nanoTime() < deadline) {
            last = get.apply(GetWorkflowRequest.newBuilder().setInstanceId(id).build());
            if (status.equals(last.getRuntimeStatus()) && (customStatus == null
                    || customStatus.equals(last.getPropertiesMap().get("dapr.workflow.custom_status")))) {
                return last;
            }
            sleepMillis(20);
        }
        throw new AssertionError(id + " never reached " + status + "/" + customStatus + "; last: " + last);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
