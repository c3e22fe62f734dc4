package io.quapr.sidecar.invoke;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quapr.sidecar.testing.invoke.EchoApp;
import io.quapr.sidecar.testing.invoke.HttpEndpointResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Invoking an external HTTP service: by an {@code HTTPEndpoint}'s name (its base URL and its
 * headers, one of them read from a secret store) and by a URL-encoded URL in place of the app id.
 */
@QuarkusTest
@WithTestResource(HttpEndpointResource.class)
class HttpEndpointTest {

    @Test
    void theEndpointsBaseUrlAndHeadersAreUsed() {
        given().queryParam("q", "1").body("hello").post("/v1.0/invoke/echo-ext/method/orders/7").then()
                .statusCode(200).body(equalTo("hello")).header("x-echo-path", "/orders/7")
                .header("x-echo-query", "q=1").header("x-seen-x-plain", "plain-value")
                .header("x-seen-x-from-secret", "s3cret");
    }

    @Test
    void aUrlInPlaceOfTheAppIdIsCalledDirectly() {
        String url = URLEncoder.encode("http://127.0.0.1:" + EchoApp.start(), StandardCharsets.UTF_8);
        given().urlEncodingEnabled(false).get("/v1.0/invoke/" + url + "/method/direct?status=202").then()
                .statusCode(202).header("x-echo-path", "/direct");
    }
}
