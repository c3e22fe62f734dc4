package io.quapr.components.bindings.aws;

import static io.quapr.components.aws.MotoComponents.await;

import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the AWS binding tests share beyond {@code MotoComponents}: calling an operation. */
public final class BindingTesting {

    private BindingTesting() {
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
}
