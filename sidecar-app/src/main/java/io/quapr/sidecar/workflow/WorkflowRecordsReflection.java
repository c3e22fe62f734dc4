package io.quapr.sidecar.workflow;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The workflow backend's records that Jackson binds by reflection when it writes them to a state store and
 * reads them back ({@code StoreCodec} in quapr-workflow): in a native executable Jackson sees no
 * constructor, field or record accessor that was not registered, and every workflow would fail on its
 * first write. quapr-workflow is plain Java (no Quarkus annotation on its types), and the types are
 * package-private there, so they are named here.
 */
@RegisterForReflection(classNames = { WorkflowRecordsReflection.INSTANCE_RECORD,
        WorkflowRecordsReflection.INSTANCE_RECORD + "$InboxEntry",
        WorkflowRecordsReflection.INSTANCE_RECORD + "$TimerEntry",
        WorkflowRecordsReflection.OWNER_LEASE + "$Record" })
final class WorkflowRecordsReflection {

    static final String INSTANCE_RECORD = "io.quapr.workflow.backend.InstanceRecord";
    static final String OWNER_LEASE = "io.quapr.workflow.backend.OwnerLease";

    private WorkflowRecordsReflection() {
    }
}
