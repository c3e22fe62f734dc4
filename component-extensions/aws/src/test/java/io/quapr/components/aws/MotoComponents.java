package io.quapr.components.aws;

import io.quapr.spi.Component;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the AWS component tests share: components on moto ({@link Moto}), started as the sidecar starts them. */
public final class MotoComponents {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private MotoComponents() {
    }

    /** Metadata for a component on moto, plus {@code extra} keys. */
    public static Map<String, String> metadata(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", Moto.ENDPOINT.toString());
        m.put("region", Moto.REGION);
        m.put("accessKey", Moto.ACCESS_KEY);
        m.put("secretKey", Moto.ACCESS_KEY);
        m.putAll(extra);
        return m;
    }

    /** {@code component} initialized with {@code metadata}, bound as the sidecar binds it. */
    public static <C extends Component> C start(C component, Vertx vertx, Map<String, String> metadata) {
        ComponentMetadata bound = ComponentMetadata.bind("component", metadata,
                MetadataSchema.of(component.getClass()), Set.of()).metadata();
        await(component.init(bound, new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target"))));
        return component;
    }

    /** The item of {@code uni}, waiting at most 30 s. */
    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
