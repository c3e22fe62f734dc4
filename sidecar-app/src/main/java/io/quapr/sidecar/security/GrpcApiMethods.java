package io.quapr.sidecar.security;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Which RPCs of {@code dapr.proto.runtime.v1.Dapr} each API of an allow/deny rule names on gRPC
 * ({@code name.version}, e.g. {@code state.v1}), as daprd's table has them. An API not listed
 * here matches no RPC.
 */
final class GrpcApiMethods {

    /** The prefix of every RPC the allow/deny lists apply to; others (proxied calls) pass. */
    static final String RUNTIME_PREFIX = "dapr.proto.runtime.";

    private static final String DAPR = "dapr.proto.runtime.v1.Dapr/";

    private static final Map<String, List<String>> BY_API = Map.ofEntries(
            api("invoke.v1", "InvokeService"),
            api("state.v1", "GetState", "GetBulkState", "SaveState", "DeleteState", "DeleteBulkState",
                    "ExecuteStateTransaction"),
            api("state.v1alpha1", "QueryStateAlpha1"),
            api("publish.v1", "PublishEvent", "BulkPublishEvent"),
            api("publish.v1alpha1", "BulkPublishEventAlpha1"),
            api("bindings.v1", "InvokeBinding"),
            api("secrets.v1", "GetSecret", "GetBulkSecret"),
            api("actors.v1", "RegisterActorTimer", "UnregisterActorTimer", "RegisterActorReminder",
                    "GetActorReminder", "UnregisterActorReminder", "UnregisterActorRemindersByType",
                    "ListActorReminders", "GetActorState", "ExecuteActorStateTransaction", "InvokeActor"),
            api("actors.v1alpha1", "SubscribeActorEventsAlpha1"),
            api("metadata.v1", "GetMetadata", "SetMetadata"),
            api("configuration.v1alpha1", "GetConfigurationAlpha1", "SubscribeConfigurationAlpha1",
                    "UnsubscribeConfigurationAlpha1"),
            api("configuration.v1", "GetConfiguration", "SubscribeConfiguration", "UnsubscribeConfiguration"),
            api("lock.v1alpha1", "TryLockAlpha1"),
            api("unlock.v1alpha1", "UnlockAlpha1"),
            api("subtlecrypto.v1alpha1", "SubtleGetKeyAlpha1", "SubtleEncryptAlpha1", "SubtleDecryptAlpha1",
                    "SubtleSignAlpha1", "SubtleVerifyAlpha1", "SubtleWrapKeyAlpha1", "SubtleUnwrapKeyAlpha1"),
            api("crypto.v1alpha1", "EncryptAlpha1", "DecryptAlpha1"),
            api("workflows.v1alpha1", "StartWorkflowAlpha1", "GetWorkflowAlpha1", "TerminateWorkflowAlpha1",
                    "RaiseEventWorkflowAlpha1", "PurgeWorkflowAlpha1", "PauseWorkflowAlpha1", "ResumeWorkflowAlpha1"),
            api("workflows.v1beta1", "StartWorkflowBeta1", "GetWorkflowBeta1", "TerminateWorkflowBeta1",
                    "RaiseEventWorkflowBeta1", "PurgeWorkflowBeta1", "PauseWorkflowBeta1", "ResumeWorkflowBeta1"),
            api("jobs.v1alpha1", "ScheduleJobAlpha1", "DeleteJobAlpha1", "GetJobAlpha1", "DeleteJobsByPrefixAlpha1",
                    "ListJobsAlpha1"),
            api("jobs.v1", "ScheduleJob", "DeleteJob", "GetJob", "DeleteJobsByPrefix", "ListJobs"),
            api("shutdown.v1", "Shutdown"),
            api("subscribe.v1alpha1", "SubscribeTopicEventsAlpha1"),
            api("conversation.v1alpha1", "ConverseAlpha1"),
            api("conversation.v1alpha2", "ConverseAlpha2"));

    private GrpcApiMethods() {
    }

    private static Map.Entry<String, List<String>> api(String key, String... methods) {
        return Map.entry(key, Arrays.stream(methods).map(m -> DAPR + m).toList());
    }

    /**
     * The full method names ({@code dapr.proto.runtime.v1.Dapr/GetState}) an API names.
     *
     * @param name the rule's {@code name} ({@code state})
     * @param version the rule's {@code version} ({@code v1})
     * @return the RPCs; empty for an API daprd does not know
     */
    static List<String> of(String name, String version) {
        return BY_API.getOrDefault(name + "." + version, List.of());
    }
}
