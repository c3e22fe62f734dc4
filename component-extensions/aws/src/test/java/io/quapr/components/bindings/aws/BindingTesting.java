package io.quapr.components.bindings.aws;

import io.quapr.components.aws.Moto;
import io.quapr.spi.Component;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the AWS binding tests share: bindings on moto ({@link Moto}), started as the sidecar starts them. */
public final class BindingTesting {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BindingTesting() {
    }

    /** Metadata for a binding on moto, plus {@code extra} keys. */
    public static Map<String, String> metadata(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", Moto.ENDPOINT.toString());
        m.put("region", Moto.REGION);
        m.put("accessKey", Moto.ACCESS_KEY);
        m.put("secretKey", Moto.ACCESS_KEY);
        m.putAll(extra);
        return m;
    }

    /** {@code binding} initialized with {@code metadata}, bound as the sidecar binds it. */
    public static <B extends Component> B start(B binding, Vertx vertx, Map<String, String> metadata) {
        ComponentMetadata bound = ComponentMetadata.bind("binding", metadata,
                MetadataSchema.of(binding.getClass()), Set.of()).metadata();
        await(binding.init(bound, new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target"))));
        return binding;
    }

    /** Runs one operation and waits for its answer ({@code null} when it has none). */
    public static InvokeResponse invoke(OutputBinding binding, String operation, String data,
            Map<String, String> metadata) {
        return await(binding.invoke(new InvokeRequest(operation, data.getBytes(StandardCharsets.UTF_8), metadata)));
    }

    /** The answer's data as UTF-8 text. */
    public static String text(InvokeResponse response) {
        return new String(response.data(), StandardCharsets.UTF_8);
    }

    /** The item of {@code uni}, waiting at most 30 s. */
    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
