package io.quapr.sidecar.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.Value;
import io.dapr.v1.CommonProtos.JobFailurePolicy;
import io.dapr.v1.CommonProtos.JobFailurePolicyDrop;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprJobsProtos.DeleteJobsByPrefixRequestAlpha1;
import io.dapr.v1.DaprJobsProtos.GetJobRequest;
import io.dapr.v1.DaprJobsProtos.Job;
import io.dapr.v1.DaprJobsProtos.ListJobsRequestAlpha1;
import io.dapr.v1.DaprJobsProtos.ScheduleJobRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The jobs API over gRPC, as the 1.17 SDKs call it, with daprd's status codes. */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class JobsGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void scheduleGetListAndDeleteByPrefix() {
        String prefix = "grpc-" + UUID.randomUUID() + "-";
        Job job = Job.newBuilder().setName(prefix + "a").setSchedule("@every 1h").setRepeats(2).setTtl("2h")
                .setData(Any.pack(Value.newBuilder().setStringValue("x").build()))
                .setFailurePolicy(JobFailurePolicy.newBuilder().setDrop(JobFailurePolicyDrop.getDefaultInstance()))
                .build();
        dapr.scheduleJobAlpha1(ScheduleJobRequest.newBuilder().setJob(job).build());
        dapr.scheduleJobAlpha1(ScheduleJobRequest.newBuilder()
                .setJob(job.toBuilder().setName(prefix + "b").clearFailurePolicy()).build());

        assertEquals(job, dapr.getJobAlpha1(GetJobRequest.newBuilder().setName(prefix + "a").build()).getJob());
        assertEquals(2, dapr.listJobsAlpha1(ListJobsRequestAlpha1.getDefaultInstance()).getJobsList().stream()
                .filter(j -> j.getName().startsWith(prefix)).count());

        dapr.deleteJobsByPrefixAlpha1(DeleteJobsByPrefixRequestAlpha1.newBuilder().setNamePrefix(prefix).build());
        assertFalse(dapr.listJobsAlpha1(ListJobsRequestAlpha1.getDefaultInstance()).getJobsList().stream()
                .anyMatch(j -> j.getName().startsWith(prefix)));
    }

    @Test
    void aJobScheduledOverGrpcReachesTheHttpApp() {
        String name = "grpc-due-" + UUID.randomUUID();
        dapr.scheduleJobAlpha1(ScheduleJobRequest.newBuilder().setJob(Job.newBuilder().setName(name)
                .setDueTime("0s").setData(Any.pack(Value.newBuilder().setStringValue("hi").build()))).build());

        TestApp.Delivery d = TestApp.await(x -> x.path().equals("/job/" + name), Duration.ofSeconds(10));
        assertEquals("\"hi\"", new String(d.body(), StandardCharsets.UTF_8));
    }

    @Test
    void errorsCarryDaprdsCodes() {
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                () -> dapr.scheduleJobAlpha1(ScheduleJobRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        assertEquals("Job is empty", empty.getStatus().getDescription());

        StatusRuntimeException noName = assertThrows(StatusRuntimeException.class,
                () -> dapr.getJobAlpha1(GetJobRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noName.getStatus().getCode());
        assertEquals("Name is empty", noName.getStatus().getDescription());

        String name = "grpc-twice-" + UUID.randomUUID();
        Job job = Job.newBuilder().setName(name).setDueTime("1h").build();
        dapr.scheduleJobAlpha1(ScheduleJobRequest.newBuilder().setJob(job).build());
        StatusRuntimeException exists = assertThrows(StatusRuntimeException.class,
                () -> dapr.scheduleJobAlpha1(ScheduleJobRequest.newBuilder().setJob(job).build()));
        assertEquals(Status.Code.ALREADY_EXISTS, exists.getStatus().getCode());
        assertTrue(exists.getStatus().getDescription().contains("already exists"), exists.getMessage());

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> dapr.getJobAlpha1(GetJobRequest.newBuilder().setName("grpc-none-" + UUID.randomUUID()).build()));
        assertEquals(Status.Code.INTERNAL, missing.getStatus().getCode());
    }
}
