package io.quapr.components.pubsub.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Deletes the exchanges the conformance kit's run leaves on the shared test broker. The kit
 * publishes to random topics {@code conf-<uuid>}; as with daprd, publishing declares the topic's
 * exchange, and an auto-delete exchange that never had a queue bound is never deleted by the
 * broker. The queues are auto-delete and go with their consumers.
 *
 * <p>
 * Only unused exchanges with the kit's naming are deleted ({@code if-unused}), so a run going on
 * elsewhere at the same time keeps the ones it has queues on. Needs {@code rabbitmqctl} (AMQP
 * cannot list exchanges); without it, nothing is deleted. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class ConformanceLeftovers implements LauncherSessionListener {

    private static final Pattern KIT_TOPIC = Pattern
            .compile("conf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/.*)?");

    private static int openSessions;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        synchronized (ConformanceLeftovers.class) {
            openSessions++;
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        synchronized (ConformanceLeftovers.class) {
            if (--openSessions > 0) {
                return;
            }
        }
        List<String> leftovers = kitExchanges();
        if (leftovers.isEmpty()) {
            return;
        }
        ConnectionFactory cf = new ConnectionFactory();
        try {
            cf.setUri(RabbitFixture.URI);
            try (Connection c = cf.newConnection("quapr-test-cleanup")) {
                for (String name : leftovers) {
                    // a refusal (in use) closes the channel: one channel per exchange
                    try (Channel ch = c.createChannel()) {
                        ch.exchangeDelete(name, true);
                    } catch (Exception inUse) {
                        // kept: another run has a queue bound to it
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("rabbitmq test cleanup: " + e);
        }
    }

    private static List<String> kitExchanges() {
        List<String> names = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("rabbitmqctl", "list_exchanges", "-q", "--no-table-headers", "name")
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().map(String::trim).filter(n -> KIT_TOPIC.matcher(n).matches()).forEach(names::add);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
        } catch (Exception e) {
            return List.of();
        }
        return names;
    }
}
