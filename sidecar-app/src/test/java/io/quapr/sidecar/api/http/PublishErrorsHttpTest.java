package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The publish API's HTTP failures: daprd's statuses, {@code errorCode}s, messages and details. */
@QuarkusTest
class PublishErrorsHttpTest {

    @Test
    void unknownPubsubIs404NotFoundWithoutResourceInfo() {
        given().queryParam("metadata.k", "v").body("x").post("/v1.0/publish/nope/t").then().statusCode(404)
                .body("errorCode", equalTo("ERR_PUBSUB_NOT_FOUND"))
                .body("message", equalTo("pubsub nope is not found"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_NOT_FOUND"))
                .body("details[0].metadata.k", equalTo("v"))
                .body("details[1]", nullValue());
    }

    @Test
    void emptyTopicIs404TopicNameEmpty() {
        given().body("x").post("/v1.0/publish/pubsub/").then().statusCode(404)
                .body("errorCode", equalTo("ERR_TOPIC_NAME_EMPTY"))
                .body("message", equalTo("topic is empty in pubsub pubsub"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_TOPIC_NAME_EMPTY"))
                .body("details[1].resource_type", equalTo("pubsub"))
                .body("details[1].resource_name", equalTo("pubsub"));
    }

    @Test
    void rawPayloadThatIsNoBooleanIs400RequestMetadata() {
        given().queryParam("metadata.rawPayload", "yes").body("x").post("/v1.0/publish/pubsub/t").then()
                .statusCode(400).body("errorCode", equalTo("ERR_PUBSUB_REQUEST_METADATA"))
                .body("message", equalTo(
                        "failed deserializing metadata. Error: rawPayload value must be a valid boolean: actual is 'yes'"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_METADATA_DESERIALIZATION"))
                .body("details[0].metadata.rawPayload", equalTo("yes"));
    }

    @Test
    void cloudEventBodyThatIsNotJsonIs500CloudEventsSer() {
        given().contentType("application/cloudevents+json").body("not json").post("/v1.0/publish/pubsub/t").then()
                .statusCode(500).body("errorCode", equalTo("ERR_PUBSUB_CLOUD_EVENTS_SER"))
                .body("message", equalTo("cannot create cloudevent"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_CLOUD_EVENT_CREATION"))
                .body("details[0].metadata.appID", equalTo("testapp"));
    }

    @Test
    void brokerFailureIs500PublishMessage() {
        given().body("x").post("/v1.0/publish/pubsub/broken").then().statusCode(500)
                .body("errorCode", equalTo("ERR_PUBSUB_PUBLISH_MESSAGE"))
                .body("message", equalTo(
                        "error when publishing to topic broken in pubsub pubsub: broker refused topic broken"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_PUBLISH_MESSAGE"))
                .body("details[0].metadata.topic", equalTo("broken"));
    }

    @Test
    void topicOutsideTheAppsPublishingScopesIs403Forbidden() {
        given().body("x").post("/v1.0/publish/scopedpubsub/mine").then().statusCode(204);
        given().body("x").post("/v1.0/publish/scopedpubsub/theirs").then().statusCode(403)
                .body("errorCode", equalTo("ERR_PUBSUB_FORBIDDEN"))
                .body("message", equalTo("topic theirs is not allowed for app id testapp"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_FORBIDDEN"));
        given().body("x").post("/v1.0/publish/scopedpubsub/notallowed").then().statusCode(403);
    }
}
