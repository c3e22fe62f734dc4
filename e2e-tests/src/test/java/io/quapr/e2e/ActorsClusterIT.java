package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sidecars of one app host 1,000 actors over the Redis actor store with no placement service, and
 * one of them is killed ({@code kill -9}) while calls run: every call eventually succeeds on a
 * survivor, no actor ever runs a turn on two sidecars at once (the apps record overlapping turns
 * of one actor, across all of them), and one-shot reminders due after the kill each fire once.
 * The apps outlive the killed sidecar, so a turn it started still runs while the survivors take
 * its actors: the strictest case for single activation.
 */
class ActorsClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACTORS = 1_000;
    private static final int REMINDERS = 100;
    private static final int WORKERS = 16;
    private static final Duration LOAD = Duration.ofSeconds(14);
    private static final Duration KILL_AFTER = Duration.ofSeconds(3);
    /** Reminders are due well after the kill: none is being delivered by the killed sidecar when it dies. */
    private static final Duration REMINDER_DUE = Duration.ofSeconds(10);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void threeSidecarsOneKilled() throws Exception {
        scenario(3);
    }

    @Test
    void twoSidecarsOneKilled() throws Exception {
        scenario(2);
    }

    private void scenario(int count) throws Exception {
        TurnRecordingApp.Turns turns = new TurnRecordingApp.Turns();
        String appId = "e2e-actors-" + UUID.randomUUID().toString().substring(0, 8);
        List<TurnRecordingApp> apps = new ArrayList<>();
        List<Sidecar> sidecars = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                TurnRecordingApp app = TurnRecordingApp.start("app-" + i, turns);
                apps.add(app);
                sidecars.add(Sidecar.start("actors-cluster-" + count + "-" + i, appId, List.of(), List.of(E2e
                        .resources("workflow-redis")), app.port()));
            }
            List<Sidecar> survivors = sidecars.subList(0, count - 1);
            Sidecar victim = sidecars.get(count - 1);
            int warmed = awaitEveryInstanceServes(survivors, turns, count);

            // every actor active somewhere, spread over the sidecars by the ring
            runAll(survivors, ACTORS);
            turns.actorsByInstance.forEach((instance, ids) -> assertTrue(ids.size() > ACTORS / (3 * count),
                    instance + " hosts only " + ids.size() + " of " + ACTORS + " actors"));
            for (int i = 0; i < REMINDERS; i++) {
                Sidecar via = survivors.get(i % survivors.size());
                HttpResponse<String> r = send(via, "POST", "reminders/once", "actor-" + (i * 7 % ACTORS),
                        "{\"dueTime\":\"" + REMINDER_DUE.toSeconds() + "s\",\"data\":\"x\"}");
                assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
            }

            // calls from 16 clients through the survivors; the victim dies under them
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong longestAfterKill = new AtomicLong();
            AtomicInteger retries = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                running.add(workers.submit(() -> {
                    while (!stop.get()) {
                        String id = "actor-" + ThreadLocalRandom.current().nextInt(ACTORS);
                        long started = System.currentTimeMillis();
                        retries.addAndGet(callUntilDone(survivors, id));
                        long ended = System.currentTimeMillis();
                        if (started >= killedAt.get()) {
                            longestAfterKill.accumulateAndGet(ended - started, Math::max);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(KILL_AFTER.toMillis());
            killedAt.set(System.currentTimeMillis());
            victim.kill();
            Thread.sleep(LOAD.minus(KILL_AFTER).toMillis());
            stop.set(true);
            for (Future<?> f : running) {
                f.get(CALL_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
            }
            workers.shutdown();

            // every actor answers through the survivors, including those the victim held
            runAll(survivors, ACTORS);

            awaitReminders(turns);
            Thread.sleep(3_000);
            Map<String, Integer> notOnce = new TreeMap<>();
            turns.reminders.forEach((k, n) -> {
                if (n.get() != 1) {
                    notOnce.put(k, n.get());
                }
            });
            assertEquals(Map.of(), notOnce, "reminders that fired more than once");
            assertEquals(REMINDERS, turns.reminders.size(), "reminders that fired");
            assertEquals(0, turns.overlaps.get(), "turns of one actor that overlapped");

            // the survivors report their actors as daprd's metadata does
            int active = 0;
            for (Sidecar s : survivors) {
                JsonNode meta = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(s.httpUrl()
                        + "/v1.0/metadata")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode a : meta.path("actorRuntime").path("activeActors")) {
                    if (a.path("type").asText().equals(TurnRecordingApp.TYPE)) {
                        active += a.path("count").asInt();
                    }
                }
            }
            // the 1,000, and the warm-up actors that lived on a survivor
            assertTrue(active >= ACTORS && active <= ACTORS + warmed, active + " actors reported active");
            System.out.printf("actors cluster of %d: %d calls under load (%d attempts retried by the client),"
                    + " longest call started after the kill: %d ms%n", count, done.get(), retries.get(),
                    longestAfterKill.get());
        } finally {
            for (Sidecar s : sidecars) {
                s.close();
            }
            apps.forEach(TurnRecordingApp::close);
        }
    }

    /** Calls every actor once, 16 at a time, through the sidecars given in turn. */
    private void runAll(List<Sidecar> via, int actors) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < actors; i++) {
                String id = "actor-" + i;
                calls.add(pool.submit(() -> callUntilDone(via, id)));
            }
            for (Future<Integer> f : calls) {
                f.get(CALL_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Calls the actor through a random sidecar of those given until it answers 200, as a client
     * with a retry policy would; fails when it does not within the deadline.
     *
     * @return how many attempts failed first
     */
    private int callUntilDone(List<Sidecar> via, String id) throws Exception {
        long deadline = System.currentTimeMillis() + CALL_DEADLINE.toMillis();
        int failed = 0;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            Sidecar s = via.get(ThreadLocalRandom.current().nextInt(via.size()));
            try {
                HttpResponse<String> r = send(s, "PUT", "method/ping", id, "{}");
                if (r.statusCode() == 200) {
                    return failed;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            failed++;
            Thread.sleep(100);
        }
        throw new AssertionError("actor " + id + " did not answer within " + CALL_DEADLINE + ": " + last);
    }

    private HttpResponse<String> send(Sidecar s, String method, String path, String id, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.httpUrl() + "/v1.0/actors/" + TurnRecordingApp.TYPE
                + "/" + id + "/" + path)).timeout(CALL_DEADLINE).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until the sidecars found each other: calls spread over every app instance.
     *
     * @return how many warm-up actors were called
     */
    private int awaitEveryInstanceServes(List<Sidecar> via, TurnRecordingApp.Turns turns, int count)
            throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        int i = 0;
        while (turns.actorsByInstance.size() < count) {
            assertTrue(System.currentTimeMillis() < deadline, "the sidecars did not all take actors: "
                    + turns.actorsByInstance.keySet());
            callUntilDone(via, "warm-" + i++);
        }
        turns.actorsByInstance.clear();
        return i;
    }

    private static void awaitReminders(TurnRecordingApp.Turns turns) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (turns.reminders.size() < REMINDERS && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }
}
