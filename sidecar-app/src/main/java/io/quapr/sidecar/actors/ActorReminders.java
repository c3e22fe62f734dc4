package io.quapr.sidecar.actors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dapr.v1.CommonProtos.JobFailurePolicy;
import io.dapr.v1.DaprJobsProtos.Job;
import io.quapr.sidecar.jobs.JobScheduler;
import io.quapr.sidecar.jobs.JobTarget;
import io.quapr.sidecar.jobs.JobTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Actor reminders, kept as jobs of the {@link JobScheduler} (durable in the actor state store,
 * fired by one sidecar, surviving restarts), as daprd keeps them in its scheduler service. A due
 * reminder is delivered as {@code PUT /actors/<type>/<id>/method/remind/<name>} with
 * {@code {"data","dueTime","period"}} in the actor's turn (activating it); a call the app does not
 * take is retried by the reminder's failure policy (daprd's default: every second, three times).
 */
@ApplicationScoped
public class ActorReminders implements JobTarget {

    /** The jobs' target name, kept in the store. */
    static final String TARGET = "actor-reminder";
    private static final String PREFIX = JobScheduler.RESERVED_PREFIX + "actorreminder||";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a due reminder waits for the app's actor types at start-up (within the job lease). */
    private static final Duration CONFIG_WAIT = Duration.ofSeconds(20);
    /** How long one reminder callback may take: well under the scheduler's 60 s claim on a run. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(25);

    @Inject
    JobScheduler scheduler;

    @Inject
    ActorRuntime runtime;

    @Inject
    ActorRouter router;

    /**
     * A reminder as it was registered.
     *
     * @param dueTime its due time ({@code 0s} when it had none)
     * @param period its period, or empty
     * @param ttl when it ends (RFC 3339), or empty
     * @param data its data (the JSON daprd sends to the app, in a {@code BytesValue}), or null
     */
    public record Reminder(String dueTime, String period, String ttl, Any data) {
    }

    @Override
    public String name() {
        return TARGET;
    }

    /**
     * Registers a reminder.
     *
     * @param data its data as JSON text, or null
     * @param overwrite replace one of that name; otherwise an existing one fails with
     *        {@code ETagMismatchException}
     * @throws IllegalArgumentException when its times do not parse
     */
    public Uni<Void> create(String type, String id, String name, String dueTime, String period, String ttl,
            byte[] data, boolean overwrite, JobFailurePolicy failurePolicy) {
        Job.Builder job = Job.newBuilder().setName(jobName(type, id, name)).setDueTime(blank(dueTime)
                ? "0s"
                : dueTime);
        if (!blank(period)) {
            job.setSchedule(period);
        }
        if (!blank(ttl)) {
            job.setTtl(ttl);
        }
        if (data != null && data.length > 0) {
            job.setData(Any.pack(BytesValue.newBuilder().setValue(ByteString.copyFrom(data))
                    .build()));
        }
        if (failurePolicy != null) {
            job.setFailurePolicy(failurePolicy);
        }
        Job built = job.build();
        // checked here, so that a bad time is the caller's error and not the store's
        JobTimes.of(built.hasSchedule() ? built.getSchedule() : null, built.getDueTime(), built.hasTtl()
                ? built
                        .getTtl()
                : null, null, Instant.now());
        return scheduler.put(built, TARGET, overwrite);
    }

    /** The reminder, or null. */
    public Uni<Reminder> get(String type, String id, String name) {
        return scheduler.find(jobName(type, id, name), TARGET).map(job -> {
            if (job == null) {
                return null;
            }
            return reminder(job);
        });
    }

    /**
     * A reminder with its actor and name (listings).
     *
     * @param actorId the actor's id
     * @param name the reminder's name
     * @param reminder the reminder
     */
    public record Named(String actorId, String name, Reminder reminder) {
    }

    /**
     * The reminders of a type's actors, or of one actor.
     *
     * @param id the actor id, or null for every actor of the type
     */
    public Uni<List<Named>> list(String type, String id) {
        String prefix = PREFIX + type + "||" + (id == null ? "" : id + "||");
        return scheduler.findAll(prefix, TARGET).map(jobs -> jobs.stream().map(job -> {
            String[] parts = job.getName().substring(PREFIX.length()).split("\\|\\|", 3);
            return new Named(parts[1], parts[2], reminder(job));
        }).toList());
    }

    /**
     * Deletes the reminders of a type's actors, or of one actor.
     *
     * @param id the actor id, or null for every actor of the type
     */
    public Uni<Void> deleteAll(String type, String id) {
        return scheduler.removeAll(PREFIX + type + "||" + (id == null ? "" : id + "||"));
    }

    /** Deletes the reminder; nothing when there is none. */
    public Uni<Void> delete(String type, String id, String name) {
        return scheduler.remove(jobName(type, id, name));
    }

    @Override
    public Uni<Void> deliver(Job job) {
        String[] parts = job.getName().substring(PREFIX.length()).split("\\|\\|", 3);
        if (parts.length < 3) {
            return Uni.createFrom().voidItem();
        }
        String type = parts[0];
        String id = parts[1];
        String name = parts[2];
        return runtime.whenConfigured(CONFIG_WAIT).chain(() -> {
            if (!runtime.hosts(type)) {
                return Uni.createFrom().failure(new IllegalStateException("actor type " + type
                        + " is not hosted by the app"));
            }
            return remind(type, id, name, job);
        });
    }

    private Uni<Void> remind(String type, String id, String name, Job job) {
        ObjectNode body = JSON.createObjectNode();
        if (job.hasData()) {
            try {
                body.set("data", JSON.readTree(job.getData().unpack(BytesValue.class).getValue().toByteArray()));
            } catch (InvalidProtocolBufferException e) {
                return Uni.createFrom().failure(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        body.put("dueTime", job.getDueTime());
        body.put("period", job.hasSchedule() ? job.getSchedule() : "");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        // bounded well inside the scheduler's claim on the run: a delivery that outlived the claim
        // could be fired again by another sidecar
        return router.call(new ActorRouter.Call(type, id, "remind/" + name, body.toString().getBytes(
                StandardCharsets.UTF_8), headers, true)).ifNoItem().after(DELIVERY_TIMEOUT).fail().replaceWithVoid();
    }

    private static Reminder reminder(Job job) {
        // the TTL as registered: the job keeps the text, counted from its creation
        return new Reminder(job.getDueTime(), job.hasSchedule() ? job.getSchedule() : "", job.hasTtl()
                ? job.getTtl()
                : "", job.hasData() ? job.getData() : null);
    }

    private static String jobName(String type, String id, String name) {
        return PREFIX + type + "||" + id + "||" + name;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
