package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.appchannel.AppChannel.AppResponse;
import java.io.IOException;

/**
 * What the app's answer to a delivery means, as daprd reads it: any 2xx is done unless its JSON
 * body says {@code "status": "RETRY"} (or a status daprd does not know) or {@code "DROP"}; an
 * empty or non-JSON 2xx body is done; 404 drops; any other status retries.
 */
enum AppOutcome {
    SUCCESS,
    RETRY,
    DROP;

    static AppOutcome of(AppResponse response) {
        int status = response.status();
        if (status >= 200 && status <= 299) {
            JsonNode body;
            try {
                body = response.body().length == 0 ? null : CloudEvents.JSON.readTree(response.body());
            } catch (IOException e) {
                return SUCCESS;
            }
            JsonNode s = body == null ? null : body.get("status");
            if (body == null || !body.isObject() || (s != null && !s.isNull() && !s.isTextual())) {
                // daprd decodes the body into {"status": string}: what does not decode is skipped
                return SUCCESS;
            }
            String value = s == null || s.isNull() ? "" : s.textValue();
            return switch (value) {
                case "", "SUCCESS" -> SUCCESS;
                case "DROP" -> DROP;
                default -> RETRY;
            };
        }
        return status == 404 ? DROP : RETRY;
    }
}
