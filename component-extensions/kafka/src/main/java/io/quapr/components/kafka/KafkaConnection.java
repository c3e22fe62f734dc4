package io.quapr.components.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How every Kafka component of the module reaches the brokers: the check daprd makes at init (a
 * broker answers within {@code dialTimeout}) and the producer built from the settings. Both block,
 * so they run on a worker thread.
 */
public final class KafkaConnection {

    private KafkaConnection() {
    }

    /**
     * Asks the cluster for its id, then makes the producer.
     *
     * @param settings the component's settings
     * @return the producer, byte arrays in and out
     * @throws IllegalStateException when no broker answered within {@code dialTimeout}
     * @throws InterruptedException when the worker thread is interrupted while waiting
     */
    public static KafkaProducer<byte[], byte[]> producer(KafkaSettings settings) throws InterruptedException {
        Duration dial = settings.dialTimeout();
        try (Admin admin = Admin.create(settings.common())) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) dial.toMillis()))
                    .clusterId().get(dial.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("kafka error: no broker of '" + settings.brokers() + "' answered within "
                    + dial.toMillis() + " ms: " + cause, cause);
        }
        return new KafkaProducer<>(settings.producer(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends one record. Call it on a worker thread: {@code send} may wait for a new topic's
     * metadata (up to {@link KafkaSettings#MAX_BLOCK}).
     *
     * @return completes when the broker acknowledged the record, or with its failure; never
     *         thrown
     */
    public static CompletableFuture<Void> send(KafkaProducer<byte[], byte[]> producer,
            ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            producer.send(record, (meta, error) -> {
                if (error == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error);
                }
            });
        } catch (RuntimeException error) {
            f.completeExceptionally(error);
        }
        return f;
    }
}
