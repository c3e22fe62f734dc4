package io.quapr.workflow.backend;

/**
 * The state-store keys of one app's workflows. Every key starts with {@code wf||<appId>||}, so
 * several apps can share one store. Per instance: one metadata record, history chunks, inbox
 * events and activities under {@code i||<instanceId>||}; per app: the owner lease and a fixed
 * number of index partitions listing the instance ids, which is how a new engine finds the work a
 * crashed one left, and how ids are listed, without a key scan. An id's partition comes from
 * {@code String.hashCode}, which the Java language fixes, so every JVM agrees.
 */
final class StateKeys {

    /**
     * Index partitions: each create or purge rewrites one partition, so more partitions mean
     * smaller rewrites and fewer creates contending for one key; listing reads them all. Part of
     * the stored layout: changing it strands the ids of an existing store.
     */
    static final int PARTITIONS = 128;

    private final String prefix;

    StateKeys(String appId) {
        this.prefix = "wf||" + appId + "||";
    }

    String owner() {
        return prefix + "owner";
    }

    String index(int partition) {
        return prefix + "index||" + partition;
    }

    String indexOf(String instanceId) {
        return index(Math.floorMod(instanceId.hashCode(), PARTITIONS));
    }

    String meta(String instanceId) {
        return prefix + "i||" + instanceId + "||meta";
    }

    String historyChunk(String instanceId, int chunk) {
        return prefix + "i||" + instanceId + "||h||" + chunk;
    }

    String inbox(String instanceId, long seq) {
        return prefix + "i||" + instanceId + "||in||" + seq;
    }

    String activity(String instanceId, String activityId) {
        return prefix + "i||" + instanceId + "||act||" + activityId;
    }
}
