package io.quapr.sidecar.workflow;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.workflow.InstanceNotFoundException;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstancesRequest;
import io.quapr.workflow.proto.OrchestratorService.RaiseEventRequest;
import io.quapr.workflow.proto.OrchestratorService.ResumeRequest;
import io.quapr.workflow.proto.OrchestratorService.SuspendRequest;
import io.quapr.workflow.proto.OrchestratorService.TerminateRequest;
import io.quapr.workflow.runtime.Protos;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * daprd's workflow management API (start, get, terminate, raise event, pause, resume, purge) on
 * the engine, as daprd's {@code Universal} API does it: the same checks of names and instance ids,
 * the same errors, the same state shape. The HTTP resource only translates.
 */
@ApplicationScoped
public class WorkflowService {

    /** The one workflow component daprd has: its built-in engine. */
    public static final String COMPONENT = "dapr";

    /** The start option that delays an instance's first run (RFC 3339), as daprd names it. */
    public static final String START_TIME_OPTION = "dapr.workflow.start_time";

    /** daprd's limit on ids it creates, so every state store can hold their keys. */
    static final int MAX_INSTANCE_ID_LENGTH = 64;

    @Inject
    WorkflowRuntime runtime;

    /**
     * A workflow's state as daprd reports it.
     *
     * @param instanceId the instance id
     * @param workflowName the workflow's registered name
     * @param createdAt when it was created
     * @param lastUpdatedAt when it last changed
     * @param runtimeStatus daprd's spelling: RUNNING, COMPLETED, FAILED, ...
     * @param properties input, output, custom status and failure details under daprd's keys
     */
    public record WorkflowState(String instanceId, String workflowName, Instant createdAt, Instant lastUpdatedAt,
            String runtimeStatus, Map<String, String> properties) {
    }

    /**
     * Starts an instance.
     *
     * @param component the workflow component ({@code dapr})
     * @param name the workflow's name
     * @param instanceId the id, or empty/null for a random one
     * @param input the raw input; empty for none
     * @return the instance id
     */
    public Uni<String> start(String component, String name, String instanceId, byte[] input) {
        return start(component, name, instanceId, input, Map.of());
    }

    /**
     * Starts an instance, with daprd's start options: {@code dapr.workflow.start_time} (RFC 3339)
     * delays its first run until then.
     *
     * @param component the workflow component ({@code dapr})
     * @param name the workflow's name
     * @param instanceId the id, or empty/null for a random one
     * @param input the raw input; empty for none
     * @param options the start options; empty for none
     * @return the instance id
     */
    public Uni<String> start(String component, String name, String instanceId, byte[] input,
            Map<String, String> options) {
        return call(() -> {
            // daprd's order: the id (made up when absent) before the name
            String id = instanceId == null || instanceId.isEmpty() ? UUID.randomUUID().toString() : instanceId;
            checkNewId(id);
            if (name == null || name.isEmpty()) {
                throw new DaprException(ErrorCode.WORKFLOW_NAME_MISSING, "workflow name is not configured");
            }
            checkComponent(component);
            CreateInstanceRequest.Builder request = CreateInstanceRequest.newBuilder().setInstanceId(id).setName(name);
            if (input != null && input.length > 0) {
                request.setInput(StringValue.of(new String(input, StandardCharsets.UTF_8)));
            }
            String startTime = options.get(START_TIME_OPTION);
            if (startTime != null) {
                Instant at = StartTime.parse(startTime).orElseThrow(() -> new DaprException(ErrorCode.WORKFLOW_START,
                        "error starting workflow '" + name + "': " + StartTime.FORMAT_ERROR));
                request.setScheduledStartTimestamp(Protos.timestamp(at));
            }
            return runtime.engine().startInstance(request.build()).handle((r, e) -> {
                if (e != null) {
                    throw failure(e, id, ErrorCode.WORKFLOW_START,
                            "error starting workflow '" + name + "': " + cause(e).getMessage());
                }
                return r.getInstanceId();
            });
        });
    }

    /**
     * The state of an instance, with its input, output and custom status.
     *
     * @throws DaprException {@code ERR_INSTANCE_ID_NOT_FOUND} when there is none
     */
    public Uni<WorkflowState> get(String component, String instanceId) {
        return call(() -> {
            checkId(instanceId);
            checkComponent(component);
            return runtime.engine()
                    .getInstance(GetInstanceRequest.newBuilder().setInstanceId(instanceId).setGetInputsAndOutputs(true)
                            .build())
                    .handle((r, e) -> {
                        if (e != null) {
                            throw failure(e, instanceId, ErrorCode.WORKFLOW_GET, "error while getting workflow info on"
                                    + " instance '" + instanceId + "': " + cause(e).getMessage());
                        }
                        if (!r.getExists()) {
                            throw notFound(instanceId);
                        }
                        return state(r.getOrchestrationState());
                    });
        });
    }

    /**
     * Terminates an instance and, as daprd does, the child workflows it started.
     *
     * @throws DaprException {@code ERR_INSTANCE_ID_NOT_FOUND} when there is none
     */
    public Uni<Void> terminate(String component, String instanceId) {
        return write(component, instanceId, ErrorCode.WORKFLOW_TERMINATE, true,
                "error terminating workflow '" + instanceId + "': ",
                () -> runtime.engine().terminate(
                        TerminateRequest.newBuilder().setInstanceId(instanceId).setRecursive(true).build()));
    }

    /**
     * Raises an event on an instance; {@code data} (raw, may be empty) is the event's payload. A
     * missing instance is {@code ERR_RAISE_EVENT_WORKFLOW}, as daprd has it (only terminate,
     * purge and get say not found).
     */
    public Uni<Void> raiseEvent(String component, String instanceId, String eventName, byte[] data) {
        return write(component, instanceId, ErrorCode.WORKFLOW_RAISE_EVENT, false,
                "error raising event on workflow '" + instanceId + "': ", () -> {
                    // daprd checks the event name after the instance id
                    if (eventName == null || eventName.isEmpty()) {
                        throw new DaprException(ErrorCode.WORKFLOW_EVENT_NAME_MISSING, "missing workflow event name");
                    }
                    RaiseEventRequest.Builder request = RaiseEventRequest.newBuilder().setInstanceId(instanceId)
                            .setName(eventName);
                    if (data != null && data.length > 0) {
                        request.setInput(StringValue.of(new String(data, StandardCharsets.UTF_8)));
                    }
                    return runtime.engine().raiseEvent(request.build());
                });
    }

    /** Suspends an instance; a missing one is {@code ERR_PAUSE_WORKFLOW}, as daprd has it. */
    public Uni<Void> pause(String component, String instanceId) {
        return write(component, instanceId, ErrorCode.WORKFLOW_PAUSE, false,
                "error pausing workflow " + instanceId + ": ",
                () -> runtime.engine().suspend(SuspendRequest.newBuilder().setInstanceId(instanceId).build()));
    }

    /** Resumes a suspended instance; a missing one is {@code ERR_RESUME_WORKFLOW}, as daprd has it. */
    public Uni<Void> resume(String component, String instanceId) {
        return write(component, instanceId, ErrorCode.WORKFLOW_RESUME, false,
                "error resuming workflow " + instanceId + ": ",
                () -> runtime.engine().resume(ResumeRequest.newBuilder().setInstanceId(instanceId).build()));
    }

    /**
     * Deletes a finished instance and its child workflows.
     *
     * @throws DaprException {@code ERR_INSTANCE_ID_NOT_FOUND} when there is none,
     *         {@code ERR_PURGE_WORKFLOW} when it has not finished
     */
    public Uni<Void> purge(String component, String instanceId) {
        return write(component, instanceId, ErrorCode.WORKFLOW_PURGE, true,
                "error purging workflow " + instanceId + ": ",
                () -> runtime.engine()
                        .purge(PurgeInstancesRequest.newBuilder().setInstanceId(instanceId).setRecursive(true).build())
                        .thenApply(r -> {
                            // the engine reports nothing purged rather than failing: daprd says not found
                            if (r.getDeletedInstanceCount() == 0) {
                                throw new InstanceNotFoundException(instanceId);
                            }
                            return r;
                        }));
    }

    /**
     * Runs a write after the checks.
     *
     * @param missingIsNotFound whether a missing instance is {@code ERR_INSTANCE_ID_NOT_FOUND}
     *        (daprd: terminate and purge) rather than {@code code} (raise event, pause, resume)
     */
    private Uni<Void> write(String component, String instanceId, ErrorCode code, boolean missingIsNotFound,
            String prefix, Supplier<CompletionStage<?>> operation) {
        return call(() -> {
            checkId(instanceId);
            checkComponent(component);
            return operation.get().handle((r, e) -> {
                if (e != null) {
                    if (!missingIsNotFound && cause(e) instanceof InstanceNotFoundException) {
                        throw new DaprException(code, prefix + cause(e).getMessage()).withCause(cause(e));
                    }
                    throw failure(e, instanceId, code, prefix + cause(e).getMessage());
                }
                return null;
            });
        });
    }

    /** Runs the checks and the call; a check that throws becomes the failed Uni. */
    private static <T> Uni<T> call(Supplier<CompletionStage<T>> body) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(body.get()));
    }

    private static void checkComponent(String component) {
        if (component == null || component.isEmpty()) {
            throw new DaprException(ErrorCode.WORKFLOW_COMPONENT_MISSING, "no workflow component was provided");
        }
        if (!COMPONENT.equals(component)) {
            throw new DaprException(ErrorCode.WORKFLOW_COMPONENT_NOT_FOUND,
                    "workflow component '" + component + "' does not exist");
        }
    }

    private static void checkId(String instanceId) {
        if (instanceId == null || instanceId.isEmpty()) {
            throw new DaprException(ErrorCode.WORKFLOW_INSTANCE_ID_MISSING, "no instance ID was provided");
        }
    }

    /**
     * daprd's rule for ids it creates: at most 64 characters, letters, digits, {@code -} and
     * {@code _} only (so any state store can hold the keys built from them).
     */
    private static void checkNewId(String instanceId) {
        checkId(instanceId);
        if (instanceId.length() > MAX_INSTANCE_ID_LENGTH) {
            throw new DaprException(ErrorCode.WORKFLOW_INSTANCE_ID_TOO_LONG,
                    "workflow instance ID exceeds the max length of " + MAX_INSTANCE_ID_LENGTH + " characters");
        }
        boolean valid = instanceId.codePoints()
                .allMatch(c -> Character.isLetter(c) || Character.isDigit(c) || c == '-' || c == '_');
        if (!valid) {
            throw new DaprException(ErrorCode.WORKFLOW_INSTANCE_ID_INVALID, "workflow instance ID '" + instanceId
                    + "' is invalid: only alphanumeric and underscore characters are allowed");
        }
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static DaprException failure(Throwable error, String instanceId, ErrorCode code, String message) {
        Throwable e = cause(error);
        if (e instanceof DaprException d) {
            return d;
        }
        if (e instanceof InstanceNotFoundException) {
            return notFound(instanceId);
        }
        return new DaprException(code, message).withCause(e);
    }

    private static DaprException notFound(String instanceId) {
        return new DaprException(ErrorCode.WORKFLOW_INSTANCE_NOT_FOUND,
                "unable to find workflow with the provided instance ID: " + instanceId);
    }

    /** The engine's state in daprd's terms (its status names, its property keys). */
    static WorkflowState state(OrchestrationState s) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (s.hasInput()) {
            properties.put("dapr.workflow.input", s.getInput().getValue());
        }
        if (s.hasOutput()) {
            properties.put("dapr.workflow.output", s.getOutput().getValue());
        }
        properties.put("dapr.workflow.custom_status", s.hasCustomStatus() ? s.getCustomStatus().getValue() : "");
        if (s.hasFailureDetails()) {
            properties.put("dapr.workflow.failure.error_type", s.getFailureDetails().getErrorType());
            properties.put("dapr.workflow.failure.error_message", s.getFailureDetails().getErrorMessage());
            if (s.getFailureDetails().hasStackTrace()) {
                properties.put("dapr.workflow.failure.stack_trace", s.getFailureDetails().getStackTrace().getValue());
            }
        }
        return new WorkflowState(s.getInstanceId(), s.getName(), instant(s.getCreatedTimestamp()),
                instant(s.getLastUpdatedTimestamp()), status(s), properties);
    }

    /** daprd's names: the proto enum's without its prefix (CANCELED and STALLED never occur here). */
    static String status(OrchestrationState s) {
        return switch (s.getOrchestrationStatus()) {
            case ORCHESTRATION_STATUS_RUNNING -> "RUNNING";
            case ORCHESTRATION_STATUS_COMPLETED -> "COMPLETED";
            case ORCHESTRATION_STATUS_CONTINUED_AS_NEW -> "CONTINUED_AS_NEW";
            case ORCHESTRATION_STATUS_FAILED -> "FAILED";
            case ORCHESTRATION_STATUS_CANCELED -> "CANCELED";
            case ORCHESTRATION_STATUS_TERMINATED -> "TERMINATED";
            case ORCHESTRATION_STATUS_PENDING -> "PENDING";
            case ORCHESTRATION_STATUS_SUSPENDED -> "SUSPENDED";
            default -> "UNKNOWN";
        };
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
