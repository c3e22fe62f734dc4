package io.quapr.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dapr.durabletask.DurableTaskClient;
import io.dapr.durabletask.DurableTaskGrpcClientBuilder;
import io.dapr.durabletask.DurableTaskGrpcWorker;
import io.dapr.durabletask.DurableTaskGrpcWorkerBuilder;
import io.dapr.durabletask.OrchestrationMetadata;
import io.dapr.durabletask.OrchestrationRuntimeStatus;
import io.dapr.durabletask.Task;
import io.dapr.durabletask.TaskActivity;
import io.dapr.durabletask.TaskActivityFactory;
import io.dapr.durabletask.TaskOrchestration;
import io.dapr.durabletask.orchestration.TaskOrchestrationFactory;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.quapr.workflow.grpc.TaskHubGrpcService;
import io.quapr.workflow.proto.OrchestratorService;
import io.quapr.workflow.proto.TaskHubSidecarServiceGrpc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The published Java SDK (durabletask-client 1.17.1: its worker and its client) against the
 * engine, over in-process gRPC through {@link TaskHubGrpcService}: the protocol as a real SDK speaks it
 * (replay, event ids, OrchestratorStarted, timers, events, sub-orchestrations, fan-out).
 */
class SdkInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = { "IN_MEMORY", "STATE_STORE_SQLITE" })
    void theJavaSdkRunsAWorkflowOnTheEngine(BackendKind kind) throws Exception {
        String name = "engine-" + UUID.randomUUID();
        try (Stores stores = new Stores();
                WorkflowEngine engine = new WorkflowEngine(kind.create(stores, dir), Configuration.DEFAULT,
                        Clock.systemUTC())) {
            engine.start().toCompletableFuture().join();
            Server server = InProcessServerBuilder.forName(name).addService(new TaskHubGrpcService(engine)).build()
                    .start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            DurableTaskGrpcWorker worker = new DurableTaskGrpcWorkerBuilder().grpcChannel(channel)
                    .addOrchestration(orchestration("order", ctx -> {
                        String customer = ctx.getInput(String.class);
                        List<String> greetings = new ArrayList<>();
                        for (String city : List.of("Tokyo", "Seattle")) {
                            greetings.add(ctx.callActivity("hello", city, String.class).await());
                        }
                        List<Task<Integer>> squares = new ArrayList<>();
                        for (int i = 1; i <= 4; i++) {
                            squares.add(ctx.callActivity("square", i, Integer.class));
                        }
                        int sum = ctx.allOf(squares).await().stream().mapToInt(Integer::intValue).sum();
                        ctx.createTimer(Duration.ofMillis(200)).await();
                        String approval = ctx.waitForExternalEvent("approve", String.class).await();
                        String child = ctx.callSubOrchestrator("child", customer, ctx.getInstanceId() + "-c",
                                String.class).await();
                        ctx.complete(String.join(" ", greetings) + " | " + sum + " | " + approval + " | " + child);
                    }))
                    .addOrchestration(orchestration("child", ctx -> ctx.complete("child of "
                            + ctx.getInput(String.class))))
                    .addActivity(activity("hello", c -> "Hello, " + c.getInput(String.class) + "!"))
                    .addActivity(activity("square", c -> {
                        int i = c.getInput(Integer.class);
                        return i * i;
                    }))
                    .build();
            DurableTaskClient client = new DurableTaskGrpcClientBuilder().grpcChannel(channel).build();
            try {
                worker.start();
                String id = client.scheduleNewOrchestrationInstance("order", "Ada", "order-1");
                assertEquals("order-1", id);
                client.waitForInstanceStart(id, Duration.ofSeconds(20));
                // raised while the workflow is still busy with its activities and its timer: kept
                client.raiseEvent(id, "approve", "yes");
                OrchestrationMetadata done = client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
                assertEquals(OrchestrationRuntimeStatus.COMPLETED, done.getRuntimeStatus());
                assertEquals("Hello, Tokyo! Hello, Seattle! | 30 | yes | child of Ada",
                        done.readOutputAs(String.class));
                assertEquals("Ada", done.readInputAs(String.class));
            } finally {
                worker.close();
                client.close();
                channel.shutdownNow();
                server.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = { "IN_MEMORY", "STATE_STORE_IN_MEMORY" })
    void theJavaSdkSuspendsResumesTerminatesAndPurges(BackendKind kind) throws Exception {
        String name = "engine-" + UUID.randomUUID();
        try (Stores stores = new Stores();
                WorkflowEngine engine = new WorkflowEngine(kind.create(stores, dir), Configuration.DEFAULT,
                        Clock.systemUTC())) {
            engine.start().toCompletableFuture().join();
            Server server = InProcessServerBuilder.forName(name).addService(new TaskHubGrpcService(engine)).build()
                    .start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            DurableTaskGrpcWorker worker = new DurableTaskGrpcWorkerBuilder().grpcChannel(channel)
                    .addOrchestration(orchestration("gate", ctx -> {
                        String first = ctx.waitForExternalEvent("go", String.class).await();
                        String second = ctx.waitForExternalEvent("go", String.class).await();
                        ctx.complete(first + "+" + second);
                    }))
                    .build();
            DurableTaskClient client = new DurableTaskGrpcClientBuilder().grpcChannel(channel).build();
            try {
                worker.start();
                String id = client.scheduleNewOrchestrationInstance("gate", "x", "gate-1");
                client.waitForInstanceStart(id, Duration.ofSeconds(20));
                client.raiseEvent(id, "go", "one");
                client.suspendInstance(id, "hold on");
                waitForStatus(client, id, OrchestrationRuntimeStatus.SUSPENDED);
                client.raiseEvent(id, "go", "two");
                Thread.sleep(200);
                assertEquals(OrchestrationRuntimeStatus.SUSPENDED, client.getInstanceMetadata(id, false)
                        .getRuntimeStatus(), "the event waits while suspended");
                client.resumeInstance(id, "go on");
                OrchestrationMetadata done = client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true);
                assertEquals("one+two", done.readOutputAs(String.class));

                String stuck = client.scheduleNewOrchestrationInstance("gate", "x", "gate-2");
                client.waitForInstanceStart(stuck, Duration.ofSeconds(20));
                client.terminate(stuck, "enough");
                OrchestrationMetadata terminated = client.waitForInstanceCompletion(stuck, Duration.ofSeconds(20),
                        true);
                assertEquals(OrchestrationRuntimeStatus.TERMINATED, terminated.getRuntimeStatus());
                assertEquals("enough", terminated.readOutputAs(String.class));
                assertEquals(1, client.purgeInstance(stuck).getDeletedInstanceCount());
                assertEquals(false, client.getInstanceMetadata(stuck, false).isInstanceFound());

                // engine failures reach gRPC callers as status codes
                var raw = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
                var create = OrchestratorService.CreateInstanceRequest.newBuilder()
                        .setName("gate").setInstanceId("gate-3").build();
                raw.startInstance(create);
                StatusRuntimeException taken = Assertions
                        .assertThrows(StatusRuntimeException.class, () -> raw.startInstance(create));
                assertEquals(Status.Code.ALREADY_EXISTS, taken.getStatus().getCode());
                assertEquals("an active workflow with ID 'gate-3' already exists", taken.getStatus().getDescription());
                StatusRuntimeException missing = Assertions.assertThrows(
                        StatusRuntimeException.class,
                        () -> raw.getInstanceHistory(
                                OrchestratorService.GetInstanceHistoryRequest
                                        .newBuilder().setInstanceId("nobody").build()));
                assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
                StatusRuntimeException running = Assertions.assertThrows(
                        StatusRuntimeException.class,
                        () -> raw.purgeInstances(OrchestratorService.PurgeInstancesRequest
                                .newBuilder().setInstanceId("gate-3").build()));
                assertEquals(Status.Code.FAILED_PRECONDITION, running.getStatus().getCode());
            } finally {
                worker.close();
                client.close();
                channel.shutdownNow();
                server.shutdownNow();
            }
        }
    }

    private static void waitForStatus(DurableTaskClient client, String id, OrchestrationRuntimeStatus status)
            throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (client.getInstanceMetadata(id, false).getRuntimeStatus() == status) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(id + " never reached " + status);
    }

    private static TaskOrchestrationFactory orchestration(String name, TaskOrchestration body) {
        return new TaskOrchestrationFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public TaskOrchestration create() {
                return body;
            }

            @Override
            public String getVersionName() {
                return null;
            }

            @Override
            public Boolean isLatestVersion() {
                return true;
            }
        };
    }

    private static TaskActivityFactory activity(String name, TaskActivity body) {
        return new TaskActivityFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public TaskActivity create() {
                return body;
            }
        };
    }
}
