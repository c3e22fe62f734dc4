package io.quapr.sidecar.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.state.inmemory.InMemoryStateStore;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateStore;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sharded index against a store whose answers come back on other threads, as a remote
 * store's do: two sidecars' indexes (two {@link JobIndex} on one store) that list and unlist
 * names at once lose none of the changes.
 */
class JobIndexTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final InMemoryStateStore memory = new InMemoryStateStore();
    private final AtomicInteger writes = new AtomicInteger();
    private final StateStore store = new Remote();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void twoSidecarsListingAndUnlistingAtOnceLoseNoChange() {
        JobIndex a = new JobIndex(store, "app");
        JobIndex b = new JobIndex(store, "app");
        int n = 2000;
        List<Uni<Void>> adds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            adds.add((i % 2 == 0 ? a : b).add("job-" + i, i));
        }
        Uni.join().all(adds).andFailFast().await().atMost(WAIT);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            expected.add("job-" + i);
        }
        assertEquals(expected, a.names().await().atMost(WAIT));
        assertTrue(writes.get() < n, "changes to one bucket are written together: " + writes.get()
                + " writes for " + n + " names");

        List<Uni<Void>> removes = new ArrayList<>();
        for (int i = 0; i < n; i += 2) {
            removes.add((i % 4 == 0 ? b : a).remove("job-" + i, null));
            expected.remove("job-" + i);
        }
        Uni.join().all(removes).andFailFast().await().atMost(WAIT);
        assertEquals(expected, b.names().await().atMost(WAIT));
    }

    @Test
    void anUnlistingOfAnOlderVersionLeavesTheNewerListed() {
        JobIndex index = new JobIndex(store, "app");
        index.add("j", 1).await().atMost(WAIT);
        index.add("j", 2).await().atMost(WAIT);
        index.remove("j", 1L).await().atMost(WAIT);
        assertEquals(Set.of("j"), index.names().await().atMost(WAIT));
        index.remove("j", 2L).await().atMost(WAIT);
        assertEquals(Set.of(), index.names().await().atMost(WAIT));
    }

    @Test
    void everyBucketWriteMovesTheMarker() throws InterruptedException {
        JobIndex index = new JobIndex(store, "app");
        String before = index.changed().await().atMost(WAIT);
        index.add("j", 1).await().atMost(WAIT);
        // written after the bucket, without holding up the change
        String after = awaitMarkerOtherThan(index, before);
        index.add("j", 2).await().atMost(WAIT);
        String again = awaitMarkerOtherThan(index, after);
        // nothing to change: no write, the marker stays
        index.add("j", 2).await().atMost(WAIT);
        Thread.sleep(200);
        assertEquals(again, index.changed().await().atMost(WAIT));
    }

    private static String awaitMarkerOtherThan(JobIndex index, String before) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        String now = index.changed().await().atMost(WAIT);
        while (now.equals(before) && System.nanoTime() < end) {
            Thread.sleep(10);
            now = index.changed().await().atMost(WAIT);
        }
        assertNotEquals(before, now, "the marker moved");
        return now;
    }

    @Test
    void namesInTheSingleKeyOfEarlierVersionsAreMovedIntoTheBuckets() {
        store.set(SetRequest.of("app||jobs-index", "[\"old-1\",\"old-2\"]".getBytes(StandardCharsets.UTF_8)))
                .await().atMost(WAIT);
        JobIndex index = new JobIndex(store, "app");
        index.add("new", 5).await().atMost(WAIT);
        assertEquals(Set.of("old-1", "old-2", "new"), index.names().await().atMost(WAIT));
        GetResponse legacy = store.get(new GetRequest("app||jobs-index", Map.of(), Consistency.STRONG)).await()
                .atMost(WAIT);
        assertFalse(legacy.found(), "the single key is gone once its names are in the buckets");
        assertEquals(Set.of("old-1", "old-2", "new"), index.names().await().atMost(WAIT));
    }

    @Test
    void aNameStaysInItsBucket() {
        assertEquals(JobIndex.bucketOf("some-job"), JobIndex.bucketOf("some-job"));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int b = JobIndex.bucketOf("job-" + i);
            assertTrue(b >= 0 && b < JobIndex.BUCKETS);
            used.add(b);
        }
        assertEquals(JobIndex.BUCKETS, used.size(), "names spread over every bucket");
    }

    /** The in-memory store, answering on pool threads, after the other callers had their turn. */
    private final class Remote implements StateStore {

        @Override
        public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Set<StateFeature> features() {
            return memory.features();
        }

        @Override
        public Uni<GetResponse> get(GetRequest request) {
            return memory.get(request).emitOn(pool);
        }

        @Override
        public Uni<Void> set(SetRequest request) {
            if (request.key().contains("jobs-index||") && !request.key().endsWith("changed")) {
                writes.incrementAndGet();
            }
            return Uni.createFrom().voidItem().emitOn(pool).chain(() -> memory.set(request));
        }

        @Override
        public Uni<Void> delete(DeleteRequest request) {
            return Uni.createFrom().voidItem().emitOn(pool).chain(() -> memory.delete(request));
        }
    }
}
