package io.quapr.sidecar.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.dapr.v1.DaprActorsProtos.ExecuteActorStateTransactionRequest;
import io.dapr.v1.DaprActorsProtos.GetActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.GetActorReminderResponse;
import io.dapr.v1.DaprActorsProtos.GetActorStateRequest;
import io.dapr.v1.DaprActorsProtos.InvokeActorRequest;
import io.dapr.v1.DaprActorsProtos.ListActorRemindersRequest;
import io.dapr.v1.DaprActorsProtos.NamedActorReminder;
import io.dapr.v1.DaprActorsProtos.RegisterActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.RegisterActorTimerRequest;
import io.dapr.v1.DaprActorsProtos.TransactionalActorStateOperation;
import io.dapr.v1.DaprActorsProtos.UnregisterActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.UnregisterActorRemindersByTypeRequest;
import io.dapr.v1.DaprActorsProtos.UnregisterActorTimerRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.ActorRuntime.ActorRuntimeStatus;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.actors.ActorTestApp;
import io.quapr.sidecar.testing.actors.ActorTestAppResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The actors API over gRPC, as the SDKs use it ({@code InvokeActor}, the state RPCs, timers and
 * reminders with their data as bytes), and the metadata's actor runtime.
 */
@QuarkusTest
@WithTestResource(ActorTestAppResource.class)
class ActorsGrpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void invokeActorReturnsTheAppsBody() {
        String id = "g-" + UUID.randomUUID();
        ByteString out = dapr.invokeActor(InvokeActorRequest.newBuilder().setActorType("CounterActor").setActorId(id)
                .setMethod("echo").setData(ByteString.copyFromUtf8("\"hi\"")).putMetadata("X-Custom", "m").build())
                .getData();
        assertEquals("\"hi\"", out.toStringUtf8());
        assertEquals("m", ActorTestApp.calls("PUT", "/actors/CounterActor/" + id + "/method/echo").get(0).headers()
                .get("x-custom"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.invokeActor(
                InvokeActorRequest.newBuilder().setActorType("CounterActor").setActorId(id).setMethod("fail")
                        .build()));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("error invoke actor method: error from actor service: (500) boom", e.getStatus()
                .getDescription());
    }

    @Test
    void stateTransactionsAndReadsKeepTheBytes() {
        String id = "gs-" + UUID.randomUUID();
        dapr.executeActorStateTransaction(ExecuteActorStateTransactionRequest.newBuilder().setActorType(
                "CounterActor").setActorId(id).addOperations(TransactionalActorStateOperation.newBuilder()
                        .setOperationType("upsert").setKey("k").setValue(Any.newBuilder().setValue(ByteString
                                .copyFromUtf8("{\"n\":2}"))))
                .build());
        assertEquals("{\"n\":2}", dapr.getActorState(GetActorStateRequest.newBuilder().setActorType("CounterActor")
                .setActorId(id).setKey("k").build()).getData().toStringUtf8());
        dapr.executeActorStateTransaction(ExecuteActorStateTransactionRequest.newBuilder().setActorType(
                "CounterActor").setActorId(id).addOperations(TransactionalActorStateOperation.newBuilder()
                        .setOperationType("delete").setKey("k"))
                .build());
        assertTrue(dapr.getActorState(GetActorStateRequest.newBuilder().setActorType("CounterActor").setActorId(id)
                .setKey("k").build()).getData().isEmpty());
    }

    @Test
    void aReminderRegisteredOverGrpcSendsItsDataAsBase64() throws Exception {
        String id = "gr-" + UUID.randomUUID();
        byte[] data = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        dapr.registerActorReminder(RegisterActorReminderRequest.newBuilder().setActorType("CounterActor")
                .setActorId(id).setName("r").setDueTime("0s").setPeriod("1h").setData(ByteString.copyFrom(data))
                .build());
        String path = "/actors/CounterActor/" + id + "/method/remind/r";
        ActorTestApp.until(() -> ActorTestApp.calls("PUT", path).size() == 1, Duration.ofSeconds(5));
        JsonNode body = JSON.readTree(ActorTestApp.calls("PUT", path).get(0).body());
        assertEquals(Base64.getEncoder().encodeToString(data), body.path("data").asText(), "as daprd: Go's []byte");

        GetActorReminderResponse r = dapr.getActorReminder(GetActorReminderRequest.newBuilder().setActorType(
                "CounterActor").setActorId(id).setName("r").build());
        assertEquals("1h", r.getPeriod());
        assertEquals("\"" + Base64.getEncoder().encodeToString(data) + "\"", r.getData().unpack(BytesValue.class)
                .getValue().toStringUtf8());
        dapr.unregisterActorReminder(UnregisterActorReminderRequest.newBuilder().setActorType("CounterActor")
                .setActorId(id).setName("r").build());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.getActorReminder(
                GetActorReminderRequest.newBuilder().setActorType("CounterActor").setActorId(id).setName("r")
                        .build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void remindersAreListedAndDeletedByActorAndByType() {
        String a = "la-" + UUID.randomUUID();
        String b = "lb-" + UUID.randomUUID();
        for (String[] r : new String[][] { { a, "x" }, { a, "y" }, { b, "z" } }) {
            dapr.registerActorReminder(RegisterActorReminderRequest.newBuilder().setActorType("IdleActor").setActorId(
                    r[0]).setName(r[1]).setDueTime("1h").build());
        }
        assertEquals(Set.of("x", "y"), dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType(
                "IdleActor").setActorId(a).build()).getRemindersList().stream().map(NamedActorReminder::getName)
                .collect(Collectors.toSet()));
        assertTrue(dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("IdleActor")
                .build()).getRemindersCount() >= 3);
        dapr.unregisterActorRemindersByType(UnregisterActorRemindersByTypeRequest.newBuilder().setActorType(
                "IdleActor").setActorId(a).build());
        assertEquals(List.of("z"), dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType(
                "IdleActor").setActorId(b).build()).getRemindersList().stream().map(NamedActorReminder::getName)
                .toList());
        assertEquals(0, dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("IdleActor")
                .setActorId(a).build()).getRemindersCount());
        dapr.unregisterActorRemindersByType(UnregisterActorRemindersByTypeRequest.newBuilder().setActorType(
                "IdleActor").build());
        assertEquals(0, dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("IdleActor")
                .build()).getRemindersCount());
    }

    @Test
    void aTimerRegisteredOverGrpcFiresUntilUnregistered() throws Exception {
        String id = "gt-" + UUID.randomUUID();
        dapr.registerActorTimer(RegisterActorTimerRequest.newBuilder().setActorType("CounterActor").setActorId(id)
                .setName("t").setDueTime("0s").setPeriod("200ms").setCallback("tick").build());
        String path = "/actors/CounterActor/" + id + "/method/timer/t";
        ActorTestApp.until(() -> ActorTestApp.calls("PUT", path).size() >= 2, Duration.ofSeconds(5));
        dapr.unregisterActorTimer(UnregisterActorTimerRequest.newBuilder().setActorType("CounterActor").setActorId(id)
                .setName("t").build());
        Thread.sleep(300);
        int n = ActorTestApp.calls("PUT", path).size();
        Thread.sleep(500);
        assertEquals(n, ActorTestApp.calls("PUT", path).size());
    }

    @Test
    void metadataReportsTheActorRuntime() {
        dapr.invokeActor(InvokeActorRequest.newBuilder().setActorType("CounterActor").setActorId("gm-" + UUID
                .randomUUID()).setMethod("echo").build());
        GetMetadataResponse m = dapr.getMetadata(GetMetadataRequest.getDefaultInstance());
        assertEquals(ActorRuntimeStatus.RUNNING, m.getActorRuntime().getRuntimeStatus());
        assertTrue(m.getActorRuntime().getHostReady());
        assertTrue(m.getActorRuntime().getActiveActorsList().stream().anyMatch(c -> c.getType().equals(
                "CounterActor") && c.getCount() >= 1));
    }
}
