package io.quapr.components.pubsub.aws.snssqs;

import io.quapr.components.aws.AwsSettings;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.time.Duration;

/**
 * The metadata {@code pubsub.aws.snssqs} reads, parsed and checked once at init with daprd's
 * names, defaults and rules.
 *
 * @param aws the endpoint (one for SNS, SQS and STS, as in daprd), region and credentials
 * @param queueName the app's queue before sanitising: {@code consumerID}, by default the app id
 * @param deadLettersQueueName the dead-letter queue, or {@code null}
 * @param fifo FIFO topics and queues
 * @param fifoMessageGroupId the message group of every publish to a FIFO topic
 * @param visibilityTimeoutSeconds how long a received message stays hidden from other receives
 * @param retryLimit receives after which a message is deleted unhandled (no dead-letter queue)
 * @param disableDeleteOnRetryLimit make such a message visible again instead of deleting it
 * @param receiveLimit receives after which SQS moves a message to the dead-letter queue
 * @param waitTimeSeconds how long one receive waits for messages (long polling)
 * @param maxMessages the most messages one receive asks for, 1 to 10
 * @param disableEntityManagement create nothing: topics, queues and subscriptions must exist
 * @param assetsTimeout the timeout of each call that finds or creates topics, queues, policies
 *        and subscriptions
 * @param accountId the account id of the ARNs to look up, or {@code null} to ask STS (only when
 *        entity management is off: nothing else needs it)
 * @param single hand messages over one at a time ({@code concurrencyMode: single})
 * @param concurrencyLimit the most messages handed over and not yet finished
 */
record SnsSqsSettings(AwsSettings aws, String queueName, String deadLettersQueueName, boolean fifo,
        String fifoMessageGroupId, int visibilityTimeoutSeconds, long retryLimit, boolean disableDeleteOnRetryLimit,
        long receiveLimit, int waitTimeSeconds, int maxMessages, boolean disableEntityManagement,
        Duration assetsTimeout, String accountId, boolean single, int concurrencyLimit) {

    /** In flight at once when {@code concurrencyLimit} is 0: daprd has no bound there, Quapr keeps one. */
    static final int DEFAULT_CONCURRENCY_LIMIT = 100;

    /** SQS's longest long poll. */
    static final int MAX_WAIT_TIME_SECONDS = 20;

    /**
     * Reads the settings.
     *
     * @param appId the app id, {@code consumerID}'s default
     * @throws MetadataException naming the key that is missing, malformed or out of range
     */
    static SnsSqsSettings from(ComponentMetadata metadata, String appId) {
        String queue = metadata.get("consumerID").orElse(appId);
        if (queue == null || queue.isBlank()) {
            throw new MetadataException("consumerID must be set (it defaults to the app id, which is empty)");
        }
        int visibility = metadata.integer("messageVisibilityTimeout", 10);
        if (visibility < 1) {
            throw new MetadataException("messageVisibilityTimeout must be greater than 0");
        }
        long retryLimit = metadata.longValue("messageRetryLimit", 10);
        if (retryLimit < 2) {
            throw new MetadataException("messageRetryLimit must be greater than 1");
        }
        String deadLetters = metadata.get("sqsDeadLettersQueueName").orElse(null);
        long receiveLimit = metadata.longValue("messageReceiveLimit", 0);
        if ((receiveLimit > 0 || deadLetters != null) && (receiveLimit <= 0 || deadLetters == null)) {
            throw new MetadataException(
                    "to use an SQS dead-letter queue, messageReceiveLimit and sqsDeadLettersQueueName must both be set");
        }
        boolean keepAtLimit = metadata.bool("disableDeleteOnRetryLimit", false);
        if (deadLetters != null && keepAtLimit) {
            throw new MetadataException(
                    "disableDeleteOnRetryLimit cannot be true when sqsDeadLettersQueueName is set");
        }
        int wait = metadata.integer("messageWaitTimeSeconds", 2);
        // daprd leaves the upper bound to SQS, which then refuses every receive
        if (wait < 1 || wait > MAX_WAIT_TIME_SECONDS) {
            throw new MetadataException("messageWaitTimeSeconds must be between 1 and " + MAX_WAIT_TIME_SECONDS);
        }
        int max = metadata.integer("messageMaxNumber", 10);
        if (max < 1 || max > 10) {
            throw new MetadataException("messageMaxNumber must be between 1 and 10");
        }
        int limit = metadata.integer("concurrencyLimit", 0);
        if (limit < 0) {
            throw new MetadataException("concurrencyLimit must be greater than or equal to 0");
        }
        String accountId = metadata.get("accountId").orElse(null);
        return new SnsSqsSettings(AwsSettings.from(metadata), queue, deadLetters,
                metadata.bool("fifo", false),
                metadata.get("fifoMessageGroupID").orElse(queue),
                visibility, retryLimit, keepAtLimit, receiveLimit, wait, max,
                metadata.bool("disableEntityManagement", false),
                assetsTimeout(metadata),
                // as daprd: anything but a 12-digit id is looked up
                accountId != null && accountId.length() == 12 ? accountId : null,
                single(metadata),
                limit == 0 ? DEFAULT_CONCURRENCY_LIMIT : limit);
    }

    private static Duration assetsTimeout(ComponentMetadata metadata) {
        String raw = metadata.string("assetsManagementTimeoutSeconds", "5");
        double seconds;
        try {
            seconds = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new MetadataException("assetsManagementTimeoutSeconds is not a number: '" + raw + "'", e);
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new MetadataException("assetsManagementTimeoutSeconds must be a positive number of seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static boolean single(ComponentMetadata metadata) {
        // spelled exactly, as daprd wants it
        String mode = metadata.string("concurrencyMode", "parallel").trim();
        return switch (mode) {
            case "single" -> true;
            case "parallel" -> false;
            default -> throw new MetadataException(
                    "concurrencyMode must be 'single' or 'parallel', not '" + mode + "'");
        };
    }

    /** Messages handed over at once: one in {@code single} mode. */
    int inFlightLimit() {
        return single ? 1 : concurrencyLimit;
    }
}
