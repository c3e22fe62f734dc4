package io.quapr.sidecar.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dapr.v1.DaprJobsProtos.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * A job as the scheduler keeps it in the state store: the job as the app sent it, and where it
 * stands. The next run is {@code due} (epoch milliseconds; the job is deleted after its last).
 * A sidecar that fires it first takes a lease ({@code owner} until {@code leaseUntil}) by an
 * ETag-guarded write, so one sidecar fires each run; a lease that runs out (its sidecar died) is
 * taken over.
 *
 * @param job the job, as the API received it
 * @param created when it was scheduled (epoch ms): relative due times and TTLs count from it
 * @param due the next run (epoch ms)
 * @param count the runs done
 * @param attempt failed deliveries of the run that is due (its failure policy's retries)
 * @param owner the sidecar firing it now, or empty
 * @param leaseUntil when that sidecar's claim ends (epoch ms)
 * @param target who takes the job when due: empty for the app ({@code /job/<name>}), otherwise the
 *        {@link JobTarget#name()} of another taker (an actor reminder)
 */
record JobRecord(Job job, long created, long due, int count, int attempt, String owner, long leaseUntil,
        String target) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job of the app. */
    JobRecord(Job job, long created, long due, int count, int attempt, String owner, long leaseUntil) {
        this(job, created, due, count, attempt, owner, leaseUntil, "");
    }

    String name() {
        return job.getName();
    }

    JobRecord claimed(String by, long until) {
        return new JobRecord(job, created, due, count, attempt, by, until, target);
    }

    JobRecord rescheduled(long nextDue, int runs, int attempts) {
        return new JobRecord(job, created, nextDue, runs, attempts, "", 0, target);
    }

    byte[] toBytes() {
        ObjectNode n = JSON.createObjectNode();
        n.put("job", Base64.getEncoder().encodeToString(job.toByteArray()));
        n.put("created", created);
        n.put("due", due);
        n.put("count", count);
        n.put("attempt", attempt);
        n.put("owner", owner);
        n.put("leaseUntil", leaseUntil);
        if (!target.isEmpty()) {
            n.put("target", target);
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobRecord fromBytes(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            Job job = Job.parseFrom(Base64.getDecoder().decode(n.path("job").asText()));
            return new JobRecord(job, n.path("created").asLong(), n.path("due").asLong(), n.path("count").asInt(),
                    n.path("attempt").asInt(), n.path("owner").asText(""), n.path("leaseUntil").asLong(),
                    n.path("target").asText(""));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored job does not parse: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
