package io.quapr.sidecar.api.grpc;

import io.dapr.v1.DaprSecretProtos.GetBulkSecretResponse;
import io.dapr.v1.DaprSecretProtos.GetSecretResponse;
import io.dapr.v1.DaprSecretProtos.SecretResponse;
import java.util.Map;

/** The secrets API's answers in daprd's proto shapes. */
final class SecretsProtoMapper {

    private SecretsProtoMapper() {
    }

    /** One secret's key/value pairs as {@code GetSecretResponse.data}. */
    static GetSecretResponse secretResponse(Map<String, String> secret) {
        return GetSecretResponse.newBuilder().putAllData(secret).build();
    }

    /** Every secret as {@code GetBulkSecretResponse.data}: name to {@code SecretResponse}. */
    static GetBulkSecretResponse bulkSecretResponse(Map<String, Map<String, String>> all) {
        GetBulkSecretResponse.Builder b = GetBulkSecretResponse.newBuilder();
        all.forEach((name, pairs) -> b.putData(name, SecretResponse.newBuilder().putAllSecrets(pairs).build()));
        return b.build();
    }
}
