package io.quapr.components.pubsub.rabbitmq;

import io.quapr.components.rabbitmq.RabbitMqSettings;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exchanges, queues and bindings one subscription needs, named and shaped exactly as daprd
 * declares them, so a daprd sidecar and this one can share a broker:
 * <ul>
 * <li>an exchange named after the topic, of the component's {@code exchangeKind}, durable and
 * auto-delete as {@code durable} and {@code deletedWhenUnused} say;</li>
 * <li>a queue {@code <consumerID>-<topic>} (or subscription metadata {@code queueName}) with the
 * same flags, {@code x-queue-type} {@code classic} unless subscription metadata
 * {@code queueType} says {@code quorum}, and {@code x-max-length}, {@code x-max-length-bytes}
 * ({@code maxLen}, {@code maxLenBytes}, from the component or, overriding it, the subscription),
 * {@code x-max-priority} ({@code maxPriority}), {@code x-single-active-consumer}
 * ({@code singleActiveConsumer});</li>
 * <li>with {@code enableDeadLetter}: a durable fanout exchange {@code dlx-<queue>} and a durable
 * lazy queue {@code dlq-<queue>} bound to it, named as the queue's {@code x-dead-letter-exchange};</li>
 * <li>the queue bound to the topic's exchange once per routing key in subscription metadata
 * {@code routingKey} (comma-separated; none is the empty key).</li>
 * </ul>
 *
 * @param exchange the topic's exchange
 * @param queue the queue name
 * @param queueArgs the queue's arguments
 * @param routingKeys the binding keys
 * @param deadLetter whether to declare the dead-letter exchange and queue
 * @param settings the component settings
 */
record SubscriptionTopology(String exchange, String queue, Map<String, Object> queueArgs, List<String> routingKeys,
        boolean deadLetter, RabbitMqSettings settings) {

    private static final Set<String> QUEUE_TYPES = Set.of("classic", "quorum");

    /** Works out the topology for a subscription; bad subscription metadata is a {@link MetadataException}. */
    static SubscriptionTopology of(SubscribeRequest request, RabbitMqSettings settings) {
        Map<String, String> md = request.metadata() == null ? Map.of() : request.metadata();
        String queue = md.getOrDefault("queueName", "");
        if (queue.isEmpty()) {
            if (settings.consumerId().isEmpty()) {
                throw new MetadataException("consumerID is required for subscriptions that don't specify a queue name");
            }
            queue = settings.consumerId() + "-" + request.topic();
        }
        JsonObject args = new JsonObject();
        if (settings.enableDeadLetter()) {
            args.put("x-dead-letter-exchange", deadLetterExchange(queue));
        }
        lengthLimits(args, settings);
        String maxPriority = md.getOrDefault("maxPriority", "");
        if (!maxPriority.isEmpty()) {
            args.put("x-max-priority", (int) Math.min(255, unsigned(maxPriority, "maxPriority")));
        }
        String queueType = md.getOrDefault("queueType", "");
        if (!queueType.isEmpty() && !QUEUE_TYPES.contains(queueType)) {
            throw new MetadataException("invalid queue type " + queueType + ". Valid types are classic and quorum");
        }
        args.put("x-queue-type", queueType.isEmpty() ? "classic" : queueType);
        if (ComponentMetadata.isTruthy(md.getOrDefault("singleActiveConsumer", ""))) {
            args.put("x-single-active-consumer", true);
        }
        String maxLenBytes = md.getOrDefault("maxLenBytes", "");
        if (!maxLenBytes.isEmpty()) {
            args.put("x-max-length-bytes", unsigned(maxLenBytes, "maxLenBytes"));
        }
        String maxLen = md.getOrDefault("maxLen", "");
        if (!maxLen.isEmpty()) {
            args.put("x-max-length", unsigned(maxLen, "maxLen"));
        }
        List<String> keys = List.of(md.getOrDefault("routingKey", "").split(",", -1));
        return new SubscriptionTopology(request.topic(), queue, Map.copyOf(args.getMap()), keys,
                settings.enableDeadLetter(),
                settings);
    }

    /** The dead-letter exchange daprd declares for a queue. */
    static String deadLetterExchange(String queue) {
        return "dlx-" + queue;
    }

    /** The dead-letter queue daprd declares for a queue. */
    static String deadLetterQueue(String queue) {
        return "dlq-" + queue;
    }

    /**
     * Declares everything on the client's channel, in daprd's order. Declarations are
     * idempotent, so this runs again after every reconnect.
     */
    Future<Void> declare(RabbitMQClient client) {
        Future<Void> chain = client.exchangeDeclare(exchange, settings.exchangeKind(), settings.durable(),
                settings.deleteWhenUnused());
        if (deadLetter) {
            String dlx = deadLetterExchange(queue);
            String dlq = deadLetterQueue(queue);
            JsonObject dlqArgs = lengthLimits(new JsonObject(), settings).put("x-queue-mode", "lazy");
            // daprd makes the dead-letter pieces durable whatever 'durable' says
            chain = chain.compose(v -> client.exchangeDeclare(dlx, "fanout", true, settings.deleteWhenUnused()))
                    .compose(v -> client.queueDeclare(dlq, true, false, settings.deleteWhenUnused(), dlqArgs))
                    .compose(ok -> client.queueBind(dlq, dlx, ""));
        }
        chain = chain.compose(v -> client
                .queueDeclare(queue, settings.durable(), false, settings.deleteWhenUnused(), new JsonObject(queueArgs))
                .mapEmpty());
        if (settings.prefetchCount() > 0) {
            chain = chain.compose(v -> client.basicQos(0, settings.prefetchCount(), false));
        }
        for (String key : routingKeys) {
            chain = chain.compose(v -> client.queueBind(queue, exchange, key));
        }
        return chain;
    }

    private static JsonObject lengthLimits(JsonObject args, RabbitMqSettings settings) {
        if (settings.maxLen() > 0) {
            args.put("x-max-length", settings.maxLen());
        }
        if (settings.maxLenBytes() > 0) {
            args.put("x-max-length-bytes", settings.maxLenBytes());
        }
        return args;
    }

    private static long unsigned(String value, String key) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MetadataException("subscription metadata " + key + " must be a non-negative number, not '"
                    + value + "'");
        }
    }
}
