package io.quapr.testsupport.aws.sns;

import static io.quapr.testsupport.aws.sns.SnsStandIn.ACCOUNT;
import static io.quapr.testsupport.aws.sns.SnsStandIn.REGION;
import static io.quapr.testsupport.aws.sns.SnsStandIn.escape;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * TEST-ONLY: the topics and subscriptions of {@link SnsStandIn}, and SNS's fan-out to SQS.
 *
 * <p>
 * Emulated, as SNS does it: {@code CreateTopic} (idempotent; {@code FifoTopic},
 * {@code ContentBasedDeduplication}; FIFO names end with {@code .fifo}), {@code GetTopicAttributes},
 * {@code ListTopics}, {@code DeleteTopic}, {@code Subscribe} (protocol {@code sqs} only, endpoint a
 * queue ARN, idempotent, attributes such as {@code RawMessageDelivery}),
 * {@code Get/SetSubscriptionAttributes}, {@code ListSubscriptionsByTopic}, {@code Unsubscribe},
 * and {@code Publish}, which SNS refuses for an unknown topic ({@code NotFound}), an empty or
 * oversized message, or a FIFO topic without a message group, and otherwise delivers to each
 * subscribed queue: the notification JSON ({@code Type}, {@code MessageId}, {@code TopicArn},
 * {@code Message}, {@code Timestamp}, {@code MessageAttributes}, ...) as the body, or with raw
 * delivery the message itself with the attributes as SQS message attributes; FIFO with the
 * message group and a deduplication id. Like SNS, it delivers only when the queue's policy lets
 * the topic send ({@code sns.amazonaws.com}, {@code sqs:SendMessage}, {@code aws:SourceArn}),
 * and a notification it cannot deliver is dropped silently (counted in {@link #dropped()}).
 *
 * <p>
 * Not emulated: other protocols (HTTP, Lambda, email...), subscription confirmation, filter
 * policies, signatures (the {@code Signature} field is a placeholder), delivery retries, topic
 * policies, tags beyond accepting them, {@code PublishBatch}, paging (every list is one page).
 * Delivery happens before {@code Publish} answers, where SNS delivers shortly after.
 */
public final class StandInTopics implements AutoCloseable {

    /** An SNS error: the code the SDK maps to its exception, and the HTTP status. */
    public static final class SnsError extends Exception {

        private static final long serialVersionUID = 1L;
        private final String code;
        private final int status;

        SnsError(String code, int status, String message) {
            super(message, null, false, false);
            this.code = code;
            this.status = status;
        }

        String code() {
            return code;
        }

        int status() {
            return status;
        }
    }

    private record Topic(String arn, String name, boolean fifo, boolean contentDeduplication) {
    }

    private record Sub(String arn, String topicArn, String protocol, String endpoint, Map<String, String> attributes) {
    }

    /** SNS's limit on a message with its attributes. */
    public static final int MAX_MESSAGE_BYTES = 262_144;

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<String, Sub> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final SqsAsyncClient sqs;
    private final StandInQueuePolicies policies;

    StandInTopics(URI sqsBackend, StandInQueuePolicies policies) {
        this.policies = policies;
        this.sqs = SqsAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .endpointOverride(sqsBackend)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sns", "sns")))
                .build();
    }

    /** Notifications written to a queue. */
    public int delivered() {
        return delivered.get();
    }

    /** Notifications SNS would not deliver: no such queue, or a policy that does not let the topic send. */
    public int dropped() {
        return dropped.get();
    }

    /** Carries out one SNS action; answers the inside of its {@code <ActionResult>}. */
    public String act(String action, Map<String, String> form) throws SnsError {
        return switch (action) {
            case "CreateTopic" -> createTopic(form);
            case "GetTopicAttributes" -> topicAttributes(topic(form.get("TopicArn")));
            case "ListTopics" -> "<Topics>" + String.join("", topics.keySet().stream()
                    .map(arn -> "<member><TopicArn>" + escape(arn) + "</TopicArn></member>").toList()) + "</Topics>";
            case "DeleteTopic" -> {
                String arn = form.getOrDefault("TopicArn", "");
                topics.remove(arn);
                subscriptions.values().removeIf(s -> s.topicArn().equals(arn));
                yield "";
            }
            case "Subscribe" -> subscribe(form);
            case "Unsubscribe" -> {
                subscriptions.remove(form.getOrDefault("SubscriptionArn", ""));
                yield "";
            }
            case "SetSubscriptionAttributes" -> {
                Sub s = subscription(form.get("SubscriptionArn"));
                s.attributes().put(required(form, "AttributeName"), form.getOrDefault("AttributeValue", ""));
                yield "";
            }
            case "GetSubscriptionAttributes" ->
                entries(subscriptionAttributes(subscription(form.get("SubscriptionArn"))));
            case "ListSubscriptionsByTopic" -> {
                Topic t = topic(form.get("TopicArn"));
                StringBuilder xml = new StringBuilder("<Subscriptions>");
                for (Sub s : subscriptions.values()) {
                    if (s.topicArn().equals(t.arn())) {
                        xml.append("<member><TopicArn>").append(escape(s.topicArn())).append("</TopicArn><Protocol>")
                                .append(s.protocol()).append("</Protocol><SubscriptionArn>").append(escape(s.arn()))
                                .append("</SubscriptionArn><Owner>").append(ACCOUNT).append("</Owner><Endpoint>")
                                .append(escape(s.endpoint())).append("</Endpoint></member>");
                    }
                }
                yield xml.append("</Subscriptions>").toString();
            }
            case "Publish" -> publish(form);
            default -> throw new SnsError("InvalidAction", 400, "the SNS stand-in does not know the action '" + action
                    + "' (it emulates only what pubsub.aws.snssqs calls)");
        };
    }

    private synchronized String createTopic(Map<String, String> form) throws SnsError {
        String name = required(form, "Name");
        Map<String, String> attributes = map(form, "Attributes.entry", "key", "value");
        boolean fifo = "true".equalsIgnoreCase(attributes.get("FifoTopic"));
        if (!name.matches("[A-Za-z0-9_-]{1,256}(\\.fifo)?") || fifo != name.endsWith(".fifo")) {
            throw new SnsError("InvalidParameter", 400, "Invalid parameter: Topic Name");
        }
        String arn = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + name;
        topics.computeIfAbsent(arn, a -> new Topic(a, name, fifo,
                "true".equalsIgnoreCase(attributes.get("ContentBasedDeduplication"))));
        return "<TopicArn>" + escape(arn) + "</TopicArn>";
    }

    private String topicAttributes(Topic t) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("TopicArn", t.arn());
        attributes.put("Owner", ACCOUNT);
        attributes.put("DisplayName", "");
        attributes.put("SubscriptionsConfirmed",
                String.valueOf(subscriptions.values().stream().filter(s -> s.topicArn().equals(t.arn())).count()));
        attributes.put("SubscriptionsPending", "0");
        attributes.put("SubscriptionsDeleted", "0");
        if (t.fifo()) {
            attributes.put("FifoTopic", "true");
            attributes.put("ContentBasedDeduplication", String.valueOf(t.contentDeduplication()));
        }
        return entries(attributes);
    }

    private synchronized String subscribe(Map<String, String> form) throws SnsError {
        Topic t = topic(form.get("TopicArn"));
        String protocol = required(form, "Protocol");
        String endpoint = required(form, "Endpoint");
        if (!"sqs".equals(protocol)) {
            throw new SnsError("InvalidParameter", 400,
                    "the SNS stand-in delivers only to SQS, not '" + protocol + "'");
        }
        if (!endpoint.startsWith("arn:aws:sqs:")) {
            throw new SnsError("InvalidParameter", 400, "Invalid parameter: SQS endpoint ARN");
        }
        if (t.fifo() && !endpoint.endsWith(".fifo")) {
            throw new SnsError("InvalidParameter", 400,
                    "Invalid parameter: Invalid SQS FIFO endpoint for an SNS FIFO topic");
        }
        Map<String, String> attributes = map(form, "Attributes.entry", "key", "value");
        for (Sub s : subscriptions.values()) {
            if (s.topicArn().equals(t.arn()) && s.endpoint().equals(endpoint)) {
                return "<SubscriptionArn>" + escape(s.arn()) + "</SubscriptionArn>";
            }
        }
        Sub s = new Sub(t.arn() + ":" + UUID.randomUUID(), t.arn(), protocol, endpoint,
                new ConcurrentHashMap<>(attributes));
        subscriptions.put(s.arn(), s);
        return "<SubscriptionArn>" + escape(s.arn()) + "</SubscriptionArn>";
    }

    private Map<String, String> subscriptionAttributes(Sub s) {
        Map<String, String> attributes = new LinkedHashMap<>(s.attributes());
        attributes.put("SubscriptionArn", s.arn());
        attributes.put("TopicArn", s.topicArn());
        attributes.put("Protocol", s.protocol());
        attributes.put("Endpoint", s.endpoint());
        attributes.put("Owner", ACCOUNT);
        attributes.put("PendingConfirmation", "false");
        attributes.put("ConfirmationWasAuthenticated", "true");
        attributes.putIfAbsent("RawMessageDelivery", "false");
        return attributes;
    }

    private String publish(Map<String, String> form) throws SnsError {
        String arn = form.getOrDefault("TopicArn", form.get("TargetArn"));
        if (arn == null || arn.isEmpty()) {
            throw new SnsError("InvalidParameter", 400, "Invalid parameter: TopicArn or TargetArn Reason: no value");
        }
        Topic t = topic(arn);
        String message = form.get("Message");
        if (message == null || message.isEmpty()) {
            throw new SnsError("InvalidParameter", 400, "Invalid parameter: Empty message");
        }
        List<Attribute> attributes = attributes(form);
        int size = message.getBytes(StandardCharsets.UTF_8).length;
        for (Attribute a : attributes) {
            size += a.name().length() + a.type().length() + a.value().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_MESSAGE_BYTES) {
            throw new SnsError("InvalidParameter", 400, "Invalid parameter: Message too long");
        }
        String group = form.get("MessageGroupId");
        String deduplication = form.get("MessageDeduplicationId");
        String number = null;
        if (t.fifo()) {
            if (group == null || group.isEmpty()) {
                throw new SnsError("InvalidParameter", 400,
                        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
            }
            if (deduplication == null && !t.contentDeduplication()) {
                throw new SnsError("InvalidParameter", 400, "Invalid parameter: The topic should either have"
                        + " ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
            }
            deduplication = deduplication != null ? deduplication : sha256(message);
            number = String.format("%020d", sequence.incrementAndGet());
        } else if (group != null) {
            throw new SnsError("InvalidParameter", 400,
                    "Invalid parameter: MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type");
        }
        String id = UUID.randomUUID().toString();
        Notification n = new Notification(id, number, t.arn(), form.get("Subject"), message, attributes, group,
                deduplication);
        for (Sub s : subscriptions.values()) {
            if (s.topicArn().equals(t.arn())) {
                if (StandInDelivery.deliver(sqs, policies, s.endpoint(), "true".equalsIgnoreCase(s.attributes()
                        .get("RawMessageDelivery")), n)) {
                    delivered.incrementAndGet();
                } else {
                    dropped.incrementAndGet();
                }
            }
        }
        return "<MessageId>" + id + "</MessageId>" + (number == null
                ? ""
                : "<SequenceNumber>" + number
                        + "</SequenceNumber>");
    }

    /** One message attribute as the publisher gave it. */
    public record Attribute(String name, String type, String value) {
    }

    /** One published message, as delivered to every subscription of its topic. */
    public record Notification(String messageId, String sequenceNumber, String topicArn, String subject, String message,
            List<Attribute> attributes, String group, String deduplicationId) {
    }

    private static List<Attribute> attributes(Map<String, String> form) throws SnsError {
        List<Attribute> attributes = new ArrayList<>();
        for (int i = 1; form.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
            String prefix = "MessageAttributes.entry." + i + ".";
            String type = form.get(prefix + "Value.DataType");
            if (type == null) {
                throw new SnsError("InvalidParameter", 400, "The message attribute '"
                        + form.get(prefix + "Name") + "' must contain non-empty message attribute type.");
            }
            String value = type.startsWith("Binary")
                    ? form.get(prefix + "Value.BinaryValue")
                    : form.get(prefix + "Value.StringValue");
            if (value == null) {
                throw new SnsError("InvalidParameter", 400, "The message attribute '"
                        + form.get(prefix + "Name") + "' must contain non-empty message attribute value.");
            }
            attributes.add(new Attribute(form.get(prefix + "Name"), type, value));
        }
        return attributes;
    }

    private Topic topic(String arn) throws SnsError {
        Topic t = arn == null ? null : topics.get(arn);
        if (t == null) {
            throw new SnsError("NotFound", 404, "Topic does not exist");
        }
        return t;
    }

    private Sub subscription(String arn) throws SnsError {
        Sub s = arn == null ? null : subscriptions.get(arn);
        if (s == null) {
            throw new SnsError("NotFound", 404, "Subscription does not exist");
        }
        return s;
    }

    private static String required(Map<String, String> form, String name) throws SnsError {
        String v = form.get(name);
        if (v == null || v.isEmpty()) {
            throw new SnsError("InvalidParameter", 400, "Invalid parameter: " + name);
        }
        return v;
    }

    /** A query-protocol map: {@code <prefix>.N.<key>} and {@code <prefix>.N.<value>}, N from 1. */
    private static Map<String, String> map(Map<String, String> form, String prefix, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; form.containsKey(prefix + "." + i + "." + key); i++) {
            m.put(form.get(prefix + "." + i + "." + key), form.getOrDefault(prefix + "." + i + "." + value, ""));
        }
        return m;
    }

    private static String entries(Map<String, String> attributes) {
        StringBuilder xml = new StringBuilder("<Attributes>");
        attributes.forEach((k, v) -> xml.append("<entry><key>").append(escape(k)).append("</key><value>")
                .append(escape(v)).append("</value></entry>"));
        return xml.append("</Attributes>").toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
