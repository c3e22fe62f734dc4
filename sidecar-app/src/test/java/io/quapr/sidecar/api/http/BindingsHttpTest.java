package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.bindings.BindingsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The output bindings API over HTTP, against {@code bindings.localstorage} ({@code files}) and
 * {@code bindings.http} ({@code web}, calling the test app): daprd's answers and errors.
 */
@QuarkusTest
@WithTestResource(BindingsTestResource.class)
class BindingsHttpTest {

    private static final Path ROOT = Path.of("target/test-bindings/files");

    @Test
    void createWritesTheUnquotedTextAndAnswersTheFileName() throws IOException {
        String name = "dir-" + UUID.randomUUID() + "/a.txt";
        given().contentType("application/json")
                .body("{\"operation\":\"create\",\"data\":\"hello\",\"metadata\":{\"fileName\":\"" + name + "\"}}")
                .post("/v1.0/bindings/files").then().statusCode(200).contentType("application/json")
                .body("fileName", equalTo(name));

        assertEquals("hello", Files.readString(ROOT.resolve(name)));
        given().body("{\"operation\":\"get\",\"metadata\":{\"fileName\":\"" + name + "\"}}")
                .put("/v1.0/bindings/files").then().statusCode(200).body(equalTo("hello"));
    }

    @Test
    void base64DataIsDecodedAndObjectsAreWrittenAsJson() throws IOException {
        String bin = UUID.randomUUID() + ".bin";
        String obj = UUID.randomUUID() + ".json";
        create(bin, "\"AAEC/w==\"");
        create(obj, "{\"a\":1}");

        assertArrayEquals(new byte[] { 0, 1, 2, (byte) 0xff }, Files.readAllBytes(ROOT.resolve(bin)));
        assertEquals("{\"a\":1}", Files.readString(ROOT.resolve(obj)));
    }

    @Test
    void listAnswersAbsolutePathsAndDeleteAnswers204() {
        String dir = "list-" + UUID.randomUUID();
        create(dir + "/x.txt", "\"x\"");
        String abs = ROOT.resolve(dir + "/x.txt").toAbsolutePath().toString();

        List<String> files = given().body("{\"operation\":\"list\",\"metadata\":{\"fileName\":\"" + dir + "\"}}")
                .post("/v1.0/bindings/files").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, files.size());
        assertEquals(abs, Path.of(files.get(0)).toAbsolutePath().toString());

        given().body("{\"operation\":\"delete\",\"metadata\":{\"fileName\":\"" + dir + "/x.txt\"}}")
                .post("/v1.0/bindings/files").then().statusCode(204).body(emptyString());
        given().body("{\"operation\":\"get\",\"metadata\":{\"fileName\":\"" + dir + "/x.txt\"}}")
                .post("/v1.0/bindings/files").then().statusCode(500)
                .body("errorCode", equalTo("ERR_INVOKE_OUTPUT_BINDING"))
                .body("message", startsWith("error invoking output binding files: file not found: "));
    }

    @Test
    void aFileNameCannotLeaveTheRoot() throws IOException {
        String name = "escape-" + UUID.randomUUID();
        create("../../" + name, "\"inside\"");

        assertEquals("inside", Files.readString(ROOT.resolve(name)));
    }

    @Test
    void unknownBindingIsDaprdsInvokeError() {
        given().body("{\"operation\":\"create\"}").post("/v1.0/bindings/nope").then().statusCode(500)
                .body("errorCode", equalTo("ERR_INVOKE_OUTPUT_BINDING"))
                .body("message", equalTo("error invoking output binding nope: couldn't find output binding nope"));
    }

    @Test
    void aBindingWhoseDirectionIsInputOnlyIsNoOutputBinding() {
        given().body("{\"operation\":\"create\",\"data\":\"x\"}").post("/v1.0/bindings/files-in").then()
                .statusCode(500).body("message",
                        equalTo("error invoking output binding files-in: couldn't find output binding files-in"));
    }

    @Test
    void unsupportedOperationListsTheSupportedOnes() {
        given().body("{\"operation\":\"exec\"}").post("/v1.0/bindings/files").then().statusCode(500)
                .body("errorCode", equalTo("ERR_INVOKE_OUTPUT_BINDING"))
                .body("message", equalTo("error invoking output binding files: binding files does not support"
                        + " operation exec. supported operations:create get list delete"));
    }

    @Test
    void missingOperationIsRefused() {
        given().body("{\"data\":\"x\"}").post("/v1.0/bindings/files").then().statusCode(500)
                .body("message",
                        equalTo("error invoking output binding files: operation field is missing from request"));
    }

    @Test
    void malformedBodyIs400() {
        given().body("{\"operation\":").post("/v1.0/bindings/files").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"))
                .body("message", startsWith("failed deserializing HTTP body: "));
        given().get("/v1.0/healthz").then().statusCode(204);
    }

    @Test
    void httpBindingAnswersTheBodyWithStatusMetadataHeaders() {
        String data = "ok:" + UUID.randomUUID();
        given().body("{\"operation\":\"post\",\"data\":{\"data\":\"" + data + "\"},\"metadata\":{\"path\":\"/orders\","
                + "\"X-Custom\":\"yes\",\"lower\":\"no\"}}").post("/v1.0/bindings/web").then().statusCode(200)
                .header("metadata.statusCode", "200").header("metadata.status", "200 OK")
                .header("metadata.Content-Type", "application/json").body("status", equalTo("SUCCESS"));

        TestApp.Delivery d = TestApp.await("/web/orders", data);
        assertEquals("yes", d.headers().get("x-custom"), "metadata keys starting upper case are headers");
        assertEquals(null, d.headers().get("lower"));
        assertEquals("application/json; charset=utf-8", d.headers().get("content-type"));
    }

    @Test
    void httpBindingFailsOnAnAnswerOutside2xx() {
        String data = "404:" + UUID.randomUUID();
        given().body("{\"operation\":\"create\",\"data\":{\"data\":\"" + data + "\"}}").post("/v1.0/bindings/web")
                .then().statusCode(500).body("errorCode", equalTo("ERR_INVOKE_OUTPUT_BINDING"))
                .body("message", equalTo("error invoking output binding web: received status code 404"));
    }

    @Test
    void metadataListsBindingsWithTheirDirections() {
        given().get("/v1.0/metadata").then().statusCode(200)
                .body("components.find { it.name == 'files' }.capabilities", equalTo(List.of("OUTPUT_BINDING")))
                .body("components.find { it.name == 'queue' }.capabilities",
                        equalTo(List.of("INPUT_BINDING", "OUTPUT_BINDING")))
                .body("components.find { it.name == 'tick' }.capabilities", equalTo(List.of("INPUT_BINDING")))
                .body("components.find { it.name == 'outbox' }.capabilities", equalTo(List.of("OUTPUT_BINDING")))
                .body("components.name", hasItem("files-in"));
    }

    private static void create(String fileName, String jsonData) {
        given().body("{\"operation\":\"create\",\"data\":" + jsonData + ",\"metadata\":{\"fileName\":\"" + fileName
                + "\"}}").post("/v1.0/bindings/files").then().statusCode(200);
    }
}
