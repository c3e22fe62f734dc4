package io.quapr.components.pubsub.aws.snssqs;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsAsyncClient;

/**
 * The SNS topics, SQS queues, queue policies and subscriptions behind the component, found or
 * created as daprd does: one topic per Dapr topic, one queue per {@code consumerID}, the queue
 * subscribed (raw delivery off) to each topic the app subscribes to, after a policy statement
 * lets the topic send to it. With {@code disableEntityManagement} nothing is created or changed:
 * each entity is looked up, and a missing one fails the call.
 *
 * <p>
 * What was found is remembered for the life of the component, so a topic costs one call the
 * first time only; concurrent first publishes to a topic share that call, and a failed lookup is
 * forgotten so the next use tries again. Subscribing runs one topic at a time: the queue policy
 * is read, changed and written back, and two at once could lose a statement.
 */
final class Topology {

    /** A queue as the component uses it. */
    record Queue(String name, String url, String arn) {
    }

    /** What a subscription to one topic needs: the names to match and the queues to read. */
    record Subscribed(String topicName, String topicArn, Queue queue, Queue deadLetters) {
    }

    /** daprd's tag on the topics it creates, holding the (sanitised) topic name. */
    static final String TOPIC_TAG = "dapr-topic-name";
    /** daprd's tag on the queues it creates, holding the (sanitised) queue name. */
    static final String QUEUE_TAG = "dapr-queue-name";

    private final SnsAsyncClient sns;
    private final SqsAsyncClient sqs;
    private final StsAsyncClient sts;
    private final SnsSqsSettings settings;
    private final Map<String, CompletableFuture<String>> topics = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Queue>> queues = new ConcurrentHashMap<>();
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private CompletableFuture<?> subscribing = CompletableFuture.completedFuture(null);
    private CompletableFuture<String> accountId;

    /**
     * @param sts the client that finds the account id when entity management is off and the
     *        metadata does not name it; {@code null} otherwise
     */
    Topology(SnsAsyncClient sns, SqsAsyncClient sqs, StsAsyncClient sts, SnsSqsSettings settings) {
        this.sns = sns;
        this.sqs = sqs;
        this.sts = sts;
        this.settings = settings;
    }

    /** The sanitised topic name of a Dapr topic. */
    String topicName(String topic) {
        return AwsNames.sanitize(topic, settings.fifo());
    }

    /** The ARN of the topic for a Dapr topic, created if need be. */
    CompletableFuture<String> topicArn(String topic) {
        return remembered(topics, topicName(topic), this::findTopic);
    }

    /** Forgets a topic's ARN, after SNS said the topic is gone: the next publish finds or makes it again. */
    void forgetTopic(String topic) {
        topics.remove(topicName(topic));
    }

    /**
     * Readies the component's queue to receive {@code topic}: the topic, the queue, the policy,
     * the dead-letter queue and its redrive policy, and the subscription.
     */
    synchronized CompletableFuture<Subscribed> subscribe(String topic) {
        // one at a time: each step starts after the previous subscribe ended, however it ended
        CompletableFuture<Subscribed> next = subscribing.handle((ignored, failure) -> null)
                .thenCompose(ignored -> prepare(topic));
        subscribing = next;
        return next;
    }

    private CompletableFuture<Subscribed> prepare(String topic) {
        String name = topicName(topic);
        return topicArn(topic).thenCompose(topicArn -> queue(settings.queueName())
                .thenCompose(queue -> allow(queue, topicArn)
                        .thenCompose(ignored -> deadLetters(queue))
                        .thenCompose(deadLetters -> subscription(queue, topicArn)
                                .thenApply(ignored -> new Subscribed(name, topicArn, queue, deadLetters)))));
    }

    private CompletableFuture<String> findTopic(String name) {
        if (settings.disableEntityManagement()) {
            return accountId().thenCompose(account -> sns.getTopicAttributes(b -> b
                    .topicArn(AwsNames.arn("sns", region(), account, name)).overrideConfiguration(this::timeout)))
                    .thenApply(r -> r.attributes().get("TopicArn"));
        }
        return sns.createTopic(b -> {
            b.name(name).tags(Tag.builder().key(TOPIC_TAG).value(name).build()).overrideConfiguration(this::timeout);
            if (settings.fifo()) {
                b.attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true"));
            }
        }).thenApply(r -> r.topicArn());
    }

    private CompletableFuture<Queue> queue(String queueName) {
        return remembered(queues, AwsNames.sanitize(queueName, settings.fifo()), this::findQueue);
    }

    private CompletableFuture<Queue> findQueue(String name) {
        CompletableFuture<String> url;
        if (settings.disableEntityManagement()) {
            url = accountId().thenCompose(account -> sqs.getQueueUrl(b -> b.queueName(name)
                    .queueOwnerAWSAccountId(account).overrideConfiguration(this::timeout)))
                    .thenApply(r -> r.queueUrl());
        } else {
            url = sqs.createQueue(b -> {
                b.queueName(name).tags(Map.of(QUEUE_TAG, name)).overrideConfiguration(this::timeout);
                if (settings.fifo()) {
                    b.attributesWithStrings(Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
                }
            }).thenApply(r -> r.queueUrl());
        }
        return url.thenCompose(queueUrl -> sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN).overrideConfiguration(this::timeout))
                .thenApply(r -> new Queue(name, queueUrl, r.attributes().get(QueueAttributeName.QUEUE_ARN))));
    }

    /** Adds the topic to the queue policy, unless it is there or entity management is off. */
    private CompletableFuture<Void> allow(Queue queue, String topicArn) {
        if (settings.disableEntityManagement() || done.contains("policy|" + queue.arn() + "|" + topicArn)) {
            return CompletableFuture.completedFuture(null);
        }
        return sqs.getQueueAttributes(b -> b.queueUrl(queue.url()).attributeNames(QueueAttributeName.POLICY)
                .overrideConfiguration(this::timeout))
                .thenCompose(
                        r -> QueuePolicy.allowing(r.attributes().get(QueueAttributeName.POLICY), queue.arn(), topicArn)
                                .map(policy -> sqs.setQueueAttributes(b -> b.queueUrl(queue.url())
                                        .attributes(Map.of(QueueAttributeName.POLICY, policy))
                                        .overrideConfiguration(this::timeout)).thenApply(ignored -> (Void) null))
                                .orElse(CompletableFuture.completedFuture(null)))
                .thenRun(() -> done.add("policy|" + queue.arn() + "|" + topicArn));
    }

    /** The dead-letter queue, with the redrive policy on the app's queue; {@code null} without one. */
    private CompletableFuture<Queue> deadLetters(Queue queue) {
        if (settings.deadLettersQueueName() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return queue(settings.deadLettersQueueName()).thenCompose(deadLetters -> {
            if (settings.disableEntityManagement() || done.contains("redrive|" + queue.arn())) {
                return CompletableFuture.completedFuture(deadLetters);
            }
            // the count is a string in the policy document, as daprd writes it
            String redrive = "{\"deadLetterTargetArn\":\"" + deadLetters.arn() + "\",\"maxReceiveCount\":\""
                    + settings.receiveLimit() + "\"}";
            return sqs.setQueueAttributes(b -> b.queueUrl(queue.url())
                    .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))
                    .overrideConfiguration(this::timeout))
                    .thenApply(ignored -> {
                        done.add("redrive|" + queue.arn());
                        return deadLetters;
                    });
        });
    }

    /** Subscribes the queue to the topic, or with entity management off checks it is subscribed. */
    private CompletableFuture<Void> subscription(Queue queue, String topicArn) {
        String key = "subscription|" + queue.arn() + "|" + topicArn;
        if (done.contains(key)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> made = settings.disableEntityManagement()
                ? findSubscription(topicArn, queue.arn(), null)
                // SNS answers an existing subscription's ARN: subscribing is idempotent
                : sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                        .overrideConfiguration(this::timeout));
        return made.thenRun(() -> done.add(key));
    }

    private CompletableFuture<String> findSubscription(String topicArn, String queueArn, String nextToken) {
        return sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn).nextToken(nextToken)
                .overrideConfiguration(this::timeout))
                .thenCompose((ListSubscriptionsByTopicResponse r) -> {
                    for (var s : r.subscriptions()) {
                        if ("sqs".equals(s.protocol()) && queueArn.equals(s.endpoint())) {
                            return CompletableFuture.completedFuture(s.subscriptionArn());
                        }
                    }
                    if (r.nextToken() != null && !r.nextToken().isEmpty()) {
                        return findSubscription(topicArn, queueArn, r.nextToken());
                    }
                    return CompletableFuture.failedFuture(new IllegalStateException("queue " + queueArn
                            + " is not subscribed to topic " + topicArn + " (disableEntityManagement is on)"));
                });
    }

    /** The account id of the ARNs to look up: the metadata's, else the caller's, asked of STS once. */
    private synchronized CompletableFuture<String> accountId() {
        if (accountId == null) {
            accountId = settings.accountId() != null
                    ? CompletableFuture.completedFuture(settings.accountId())
                    : sts.getCallerIdentity(b -> b.overrideConfiguration(this::timeout)).thenApply(r -> r.account());
            accountId.whenComplete((id, failure) -> {
                if (failure != null) {
                    forgetAccountId();
                }
            });
        }
        return accountId;
    }

    private synchronized void forgetAccountId() {
        accountId = null;
    }

    private String region() {
        String region = settings.aws().region();
        return region != null ? region : sns.serviceClientConfiguration().region().id();
    }

    private void timeout(AwsRequestOverrideConfiguration.Builder b) {
        b.apiCallTimeout(settings.assetsTimeout());
    }

    /** The value for {@code key}, looked up once; a failed lookup is forgotten. */
    private static <T> CompletableFuture<T> remembered(Map<String, CompletableFuture<T>> cache, String key,
            Function<String, CompletableFuture<T>> lookup) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> earlier = cache.putIfAbsent(key, mine);
        if (earlier != null) {
            return earlier;
        }
        CompletableFuture<T> found;
        try {
            found = lookup.apply(key);
        } catch (RuntimeException e) {
            found = CompletableFuture.failedFuture(e);
        }
        found.whenComplete((value, failure) -> {
            if (failure != null) {
                cache.remove(key, mine);
                mine.completeExceptionally(failure);
            } else {
                mine.complete(value);
            }
        });
        return mine;
    }
}
