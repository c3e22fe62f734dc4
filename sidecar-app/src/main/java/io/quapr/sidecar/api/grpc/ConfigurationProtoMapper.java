package io.quapr.sidecar.api.grpc;

import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.quapr.spi.configuration.ConfigurationItem;
import io.quapr.spi.configuration.ConfigurationUpdate;
import java.util.LinkedHashMap;
import java.util.Map;

/** Configuration items and updates as daprd's gRPC messages. */
final class ConfigurationProtoMapper {

    private ConfigurationProtoMapper() {
    }

    static GetConfigurationResponse getResponse(Map<String, ConfigurationItem> items) {
        return GetConfigurationResponse.newBuilder().putAllItems(items(items)).build();
    }

    static SubscribeConfigurationResponse update(ConfigurationUpdate update) {
        return SubscribeConfigurationResponse.newBuilder().setId(update.subscriptionId())
                .putAllItems(items(update.items())).build();
    }

    /** daprd's answer to an unknown id: not an error, {@code ok} false and the reason. */
    static UnsubscribeConfigurationResponse unsubscribeResponse(String id, boolean stopped) {
        return stopped
                ? UnsubscribeConfigurationResponse.newBuilder().setOk(true).build()
                : UnsubscribeConfigurationResponse.newBuilder().setOk(false)
                        .setMessage("failed to unsubscribe to configuration request " + id
                                + ": subscription does not exist")
                        .build();
    }

    private static Map<String, CommonProtos.ConfigurationItem> items(Map<String, ConfigurationItem> in) {
        Map<String, CommonProtos.ConfigurationItem> out = new LinkedHashMap<>();
        in.forEach((key, item) -> out.put(key, CommonProtos.ConfigurationItem.newBuilder().setValue(item.value())
                .setVersion(item.version()).putAllMetadata(item.metadata()).build()));
        return out;
    }
}
