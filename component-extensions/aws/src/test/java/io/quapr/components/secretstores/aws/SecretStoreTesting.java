package io.quapr.components.secretstores.aws;

import io.quapr.components.aws.Moto;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the AWS secret store tests share: stores on moto ({@link Moto}), started as the sidecar starts them. */
public final class SecretStoreTesting {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SecretStoreTesting() {
    }

    /** Metadata for a store on moto, plus {@code extra} keys. */
    public static Map<String, String> metadata(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", Moto.ENDPOINT.toString());
        m.put("region", Moto.REGION);
        m.put("accessKey", Moto.ACCESS_KEY);
        m.put("secretKey", Moto.ACCESS_KEY);
        m.putAll(extra);
        return m;
    }

    /** {@code store} initialized with {@code metadata}, bound as the sidecar binds it. */
    public static <S extends SecretStore> S start(S store, Vertx vertx, Map<String, String> metadata) {
        ComponentMetadata bound = ComponentMetadata.bind("secretstore", metadata,
                MetadataSchema.of(store.getClass()), Set.of()).metadata();
        await(store.init(bound, new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target"))));
        return store;
    }

    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
