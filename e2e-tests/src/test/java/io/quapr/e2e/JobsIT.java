package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.DeleteJobRequest;
import io.dapr.client.domain.GetJobRequest;
import io.dapr.client.domain.GetJobResponse;
import io.dapr.client.domain.JobSchedule;
import io.dapr.client.domain.ScheduleJobRequest;
import io.dapr.exceptions.DaprException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jobs API through the Java SDK's {@code scheduleJob}/{@code getJob}/{@code deleteJob}, on the
 * embedded default (the jobs kept in its SQLite actor store): jobs reach the app at
 * {@code POST /job/<name>} when due, as often as they repeat, and a job scheduled before the
 * sidecar stops fires after it starts again.
 */
class JobsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The bodies the app received, per job name. */
    private static final Map<String, List<byte[]>> RECEIVED = new ConcurrentHashMap<>();

    private static HttpServer app;
    private static Sidecar sidecar;
    private static DaprClient dapr;

    @BeforeAll
    static void start() throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        app.createContext("/job/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String name = exchange.getRequestURI().getPath().substring("/job/".length());
                RECEIVED.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(in.readAllBytes());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.start();
        Path data = Files.createTempDirectory("quapr-jobs-it");
        sidecar = Sidecar.start("jobs", "e2e-jobs", List.of("-Dquapr.data-dir=" + data), List.of(),
                app.getAddress().getPort());
        dapr = sidecar.javaClient();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (dapr != null) {
                dapr.close();
            }
        } finally {
            if (sidecar != null) {
                sidecar.close();
            }
            if (app != null) {
                app.stop(0);
            }
        }
    }

    @Test
    void aJobWithADueTimeReachesTheAppWithItsData() {
        String name = "once-" + UUID.randomUUID();
        dapr.scheduleJob(new ScheduleJobRequest(name, Instant.now().plusSeconds(1))
                .setData("hello".getBytes(StandardCharsets.UTF_8))).block(TIMEOUT);

        awaitReceived(name, 1);
        assertEquals("hello", new String(RECEIVED.get(name).get(0), StandardCharsets.UTF_8));
    }

    @Test
    void getAnswersWhatWasScheduledAndDeleteRemovesIt() {
        String name = "kept-" + UUID.randomUUID();
        Instant due = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        dapr.scheduleJob(new ScheduleJobRequest(name, JobSchedule.fromString("@every 1h")).setDueTime(due)
                .setRepeat(3).setData(new byte[] { 1, 2, 3 })).block(TIMEOUT);

        GetJobResponse got = dapr.getJob(new GetJobRequest(name)).block(TIMEOUT);
        assertEquals(name, got.getName());
        assertEquals("@every 1h", got.getSchedule().getExpression());
        assertEquals(due, got.getDueTime());
        assertEquals(3, got.getRepeats());
        assertArrayEquals(new byte[] { 1, 2, 3 }, got.getData());

        dapr.deleteJob(new DeleteJobRequest(name)).block(TIMEOUT);
        DaprException e = assertThrows(DaprException.class, () -> dapr.getJob(new GetJobRequest(name)).block(TIMEOUT));
        assertTrue(e.getMessage().contains("job not found"), e.getMessage());
    }

    @Test
    void aPeriodicJobRunsItsRepeats() throws InterruptedException {
        String name = "every-" + UUID.randomUUID();
        dapr.scheduleJob(new ScheduleJobRequest(name, JobSchedule.fromPeriod(Duration.ofSeconds(1))).setRepeat(2))
                .block(TIMEOUT);

        awaitReceived(name, 2);
        Thread.sleep(2_000);
        assertEquals(2, RECEIVED.get(name).size(), "runs of a job that repeats twice");
    }

    @Test
    void aJobScheduledBeforeARestartFiresAfterIt() {
        String name = "durable-" + UUID.randomUUID();
        dapr.scheduleJob(new ScheduleJobRequest(name, Instant.now().plusSeconds(6))).block(TIMEOUT);
        try {
            dapr.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        sidecar.close();
        sidecar = sidecar.restart("jobs-restarted");
        dapr = sidecar.javaClient();

        awaitReceived(name, 1);
    }

    private static void awaitReceived(String name, int count) {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (RECEIVED.getOrDefault(name, List.of()).size() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("job " + name + " reached the app " + RECEIVED.getOrDefault(name, List.of())
                        .size() + " times within " + TIMEOUT + ", expected " + count);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException(e));
            }
        }
    }
}
