package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state API over HTTP, when everything goes right: daprd's statuses, bodies and headers. */
@QuarkusTest
class StateHttpTest {

    private final String prefix = "http-" + UUID.randomUUID() + "-";

    @Test
    void savedValueReadsBackAsJsonWithItsEtag() {
        save("[{\"key\":\"" + prefix + "a\",\"value\":{\"n\":1,\"s\":\"x\"}}]");

        given().get("/v1.0/state/statestore/{key}", prefix + "a").then().statusCode(200)
                .header("ETag", not(emptyOrNullString()))
                .body("n", equalTo(1)).body("s", equalTo("x"));
    }

    @Test
    void stringValueKeepsItsJsonQuotes() {
        save("[{\"key\":\"" + prefix + "s\",\"value\":\"hello\"}]");

        given().get("/v1.0/state/statestore/{key}", prefix + "s").then().statusCode(200)
                .body(equalTo("\"hello\""));
    }

    @Test
    void missingKeyIs204() {
        given().get("/v1.0/state/statestore/{key}", prefix + "never").then().statusCode(204);
    }

    @Test
    void metadataQueryParametersReachTheStoreAndComeBackAsHeaders() {
        given().contentType("application/json").queryParam("metadata.ttlInSeconds", "300")
                .body("[{\"key\":\"" + prefix + "ttl\",\"value\":1}]")
                .post("/v1.0/state/statestore").then().statusCode(204);

        given().get("/v1.0/state/statestore/{key}", prefix + "ttl").then().statusCode(200)
                .header("metadata.ttlExpireTime", not(emptyOrNullString()));
    }

    @Test
    void deleteWithTheCurrentEtagInIfMatchRemovesTheKey() {
        save("[{\"key\":\"" + prefix + "d\",\"value\":1}]");
        String etag = given().get("/v1.0/state/statestore/{key}", prefix + "d").then().statusCode(200)
                .extract().header("ETag");

        given().header("If-Match", etag).delete("/v1.0/state/statestore/{key}", prefix + "d").then().statusCode(204);

        given().get("/v1.0/state/statestore/{key}", prefix + "d").then().statusCode(204);
    }

    @Test
    void deleteOfAMissingKeyWithoutEtagIs204() {
        given().delete("/v1.0/state/statestore/{key}", prefix + "ghost").then().statusCode(204);
    }

    @Test
    void saveWithTheCurrentEtagSucceeds() {
        save("[{\"key\":\"" + prefix + "e\",\"value\":1}]");
        String etag = given().get("/v1.0/state/statestore/{key}", prefix + "e").then().extract().header("ETag");

        save("[{\"key\":\"" + prefix + "e\",\"value\":2,\"etag\":\"" + etag
                + "\",\"options\":{\"concurrency\":\"first-write\"}}]");

        given().get("/v1.0/state/statestore/{key}", prefix + "e").then().body(equalTo("2"));
    }

    @Test
    void bulkGetAnswersEveryKeyWithDataEmbeddedAsJson() {
        save("[{\"key\":\"" + prefix + "b1\",\"value\":{\"v\":1}},{\"key\":\"" + prefix + "b2\",\"value\":\"two\"}]");

        given().contentType("application/json")
                .body("{\"keys\":[\"" + prefix + "b1\",\"" + prefix + "missing\",\"" + prefix + "b2\"]}")
                .post("/v1.0/state/statestore/bulk").then().statusCode(200)
                .body("$", hasSize(3))
                .body("[0].key", equalTo(prefix + "b1")).body("[0].data.v", equalTo(1))
                .body("[0].etag", notNullValue())
                .body("[1].key", equalTo(prefix + "missing")).body("[1].data", nullValue())
                .body("[2].data", equalTo("two"));
    }

    @Test
    void transactionUpsertsAndDeletes() {
        save("[{\"key\":\"" + prefix + "t-old\",\"value\":1}]");

        given().contentType("application/json").body("{\"operations\":["
                + "{\"operation\":\"upsert\",\"request\":{\"key\":\"" + prefix + "t-new\",\"value\":\"new\"}},"
                + "{\"operation\":\"delete\",\"request\":{\"key\":\"" + prefix + "t-old\"}}]}")
                .post("/v1.0/state/statestore/transaction").then().statusCode(204);

        given().get("/v1.0/state/statestore/{key}", prefix + "t-new").then().statusCode(200).body(equalTo("\"new\""));
        given().get("/v1.0/state/statestore/{key}", prefix + "t-old").then().statusCode(204);
    }

    @Test
    void saveIgnoresTheContentType() {
        given().contentType("text/plain").body("[{\"key\":\"" + prefix + "ct\",\"value\":[1,2]}]")
                .post("/v1.0/state/statestore").then().statusCode(204);

        given().get("/v1.0/state/statestore/{key}", prefix + "ct").then().statusCode(200).body(equalTo("[1,2]"));
    }

    @Test
    void putSavesLikePost() {
        given().contentType("application/json").body("[{\"key\":\"" + prefix + "put\",\"value\":true}]")
                .put("/v1.0/state/statestore").then().statusCode(204);

        given().get("/v1.0/state/statestore/{key}", prefix + "put").then().statusCode(200).body(equalTo("true"));
    }

    @Test
    void emptySaveIs204() {
        save("[]");
    }

    private static void save(String body) {
        given().contentType("application/json").body(body).post("/v1.0/state/statestore").then().statusCode(204);
    }
}
