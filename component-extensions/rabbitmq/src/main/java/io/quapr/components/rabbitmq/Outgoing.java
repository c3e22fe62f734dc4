package io.quapr.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.quapr.spi.pubsub.PublishRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One message as it goes on the wire: the exchange (named after the topic, as daprd names it),
 * the routing key and the AMQP properties daprd sets from the request metadata.
 *
 * <p>
 * Properties: {@code content_type} from metadata {@code contentType}, else the request's content
 * type, else {@code text/plain} (daprd always sends {@code text/plain} unless the metadata says
 * otherwise; the real type is more useful and daprd's subscribers ignore it); {@code message_id},
 * {@code correlation_id}, {@code type} from {@code messageID}, {@code correlationID},
 * {@code type}; {@code priority} from {@code priority} (clamped to 0..255);
 * {@code expiration} from {@code ttlInSeconds} or {@code ttl}, else the component's
 * {@code ttlInSeconds}; {@code delivery_mode} from the component. Metadata keys match
 * case-insensitively. No headers, as daprd sends none.
 *
 * @param exchange the exchange
 * @param routingKey the routing key, empty unless metadata {@code routingKey} sets one
 * @param properties the AMQP properties
 * @param body the bytes, unchanged
 */
public record Outgoing(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {

    private static final Logger LOG = Logger.getLogger(Outgoing.class);

    /** Builds the message for a publish request; bad ttl or priority values are ignored with a warning, as daprd does. */
    public static Outgoing of(PublishRequest request, RabbitMqSettings settings) {
        Map<String, String> md = request.metadata() == null ? Map.of() : request.metadata();
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder();
        String contentType = property(md, "contentType")
                .orElse(request.contentType() == null || request.contentType().isBlank()
                        ? "text/plain"
                        : request.contentType());
        props.contentType(contentType);
        if (settings.deliveryMode() > 0) {
            props.deliveryMode(settings.deliveryMode());
        }
        expiration(md, request.topic(), settings).ifPresent(ttl -> props.expiration(MessageTtl.expiration(ttl)));
        property(md, "priority").ifPresent(p -> {
            try {
                props.priority(Math.max(0, Math.min(255, Integer.parseInt(p))));
            } catch (NumberFormatException e) {
                LOG.warnf("rabbitmq: publishing to %s: priority '%s' is not a number; ignored", request.topic(), p);
            }
        });
        property(md, "messageID").ifPresent(props::messageId);
        property(md, "correlationID").ifPresent(props::correlationId);
        property(md, "type").ifPresent(props::type);
        return new Outgoing(request.topic(), property(md, "routingKey").orElse(""), props.build(),
                request.data() == null ? new byte[0] : request.data());
    }

    private static Optional<Duration> expiration(Map<String, String> md, String topic, RabbitMqSettings settings) {
        Optional<String> raw = property(md, "ttlInSeconds").or(() -> property(md, "ttl"));
        if (raw.isEmpty()) {
            return settings.defaultTtl();
        }
        Optional<Duration> ttl = MessageTtl.parse(raw.get());
        if (ttl.isEmpty()) {
            LOG.warnf("rabbitmq: publishing to %s: ttl '%s' is neither a positive number of seconds nor a duration; "
                    + "ignored", topic, raw.get());
            return settings.defaultTtl();
        }
        return ttl;
    }

    /** A non-empty metadata value: the exact key first, then any key equal ignoring case. */
    static Optional<String> property(Map<String, String> md, String key) {
        String exact = md.get(key);
        if (exact != null && !exact.isEmpty()) {
            return Optional.of(exact);
        }
        return md.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(Map.Entry::getValue).filter(v -> v != null && !v.isEmpty()).findFirst();
    }
}
