package io.quapr.components.bindings.aws.s3;

import static io.quapr.components.aws.MotoComponents.await;
import static io.quapr.components.bindings.aws.BindingTesting.invoke;
import static io.quapr.components.bindings.aws.BindingTesting.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.components.aws.Moto;
import io.quapr.components.aws.MotoComponents;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * bindings.aws.s3 on moto beyond the kit's create/get/delete round trip: create's answer and
 * generated key, base64 both ways, list's and presign's JSON (the presigned URL really reads the
 * object), and daprd's unquoting of a JSON string.
 */
class S3BindingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Vertx vertx;
    private static S3AsyncClient raw;
    private static String bucket;
    private static S3Binding binding;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = Moto.client(S3AsyncClient.builder().forcePathStyle(true));
        bucket = "quapr-s3-" + UUID.randomUUID();
        raw.createBucket(b -> b.bucket(bucket)).join();
        binding = MotoComponents.start(new S3Binding(), vertx,
                MotoComponents.metadata(Map.of("bucket", bucket, "forcePathStyle", "true")));
    }

    @AfterAll
    static void stop() {
        await(binding.close());
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void createWithoutAKeyMakesAUuidKeyAndAnswersWhereTheObjectIs() throws Exception {
        InvokeResponse created = invoke(binding, "create", "hello", Map.of());
        String key = created.metadata().get("key");
        UUID.fromString(key);
        JsonNode answer = JSON.readTree(created.data());
        assertEquals(Moto.ENDPOINT + "/" + bucket + "/" + key, answer.get("location").asText());
        assertTrue(answer.has("versionID"), "versionID is always there, null without versioning: " + answer);
        assertFalse(answer.has("presignURL"), "no presignURL without presignTTL");
        assertEquals("hello", stored(key));
    }

    @Test
    void aJsonStringIsStoredAsItsText() {
        String key = "quoted-" + UUID.randomUUID();
        invoke(binding, "create", "\"a \\\"quoted\\\" text\"", Map.of("key", key));
        assertEquals("a \"quoted\" text", stored(key));
        invoke(binding, "create", "{\"a\":1}", Map.of("key", key));
        assertEquals("{\"a\":1}", stored(key), "an object stays as it came");
    }

    @Test
    void base64IsDecodedOnCreateAndEncodedOnGetWhenAsked() {
        String key = "binary-" + UUID.randomUUID();
        byte[] bytes = { 0, 1, 2, (byte) 0xff, 10 };
        String encoded = Base64.getEncoder().encodeToString(bytes);
        invoke(binding, "create", "\"" + encoded + "\"", Map.of("key", key, "decodeBase64", "true"));
        assertArrayEquals(bytes, invoke(binding, "get", "", Map.of("key", key)).data());
        assertEquals(encoded, text(invoke(binding, "get", "", Map.of("key", key, "encodeBase64", "true"))));
    }

    @Test
    void getOfAMissingObjectFailsAsDaprdSays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> invoke(binding, "get", "", Map.of("key", "missing-" + UUID.randomUUID())));
        assertEquals("object not found", e.getMessage());
    }

    @Test
    void getWithoutAKeyIsABadRequest() {
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "get", "", Map.of()));
    }

    @Test
    void listAnswersTheGoSdksJsonShapeWithPrefixAndMaxResults() throws Exception {
        String prefix = "list-" + UUID.randomUUID() + "/";
        invoke(binding, "create", "one", Map.of("key", prefix + "a"));
        invoke(binding, "create", "three", Map.of("key", prefix + "b"));
        invoke(binding, "create", "x", Map.of("key", prefix + "sub/c"));

        JsonNode all = JSON.readTree(invoke(binding, "list", "{\"prefix\":\"" + prefix + "\"}", Map.of()).data());
        assertEquals(bucket, all.get("Name").asText());
        assertEquals(prefix, all.get("Prefix").asText());
        assertEquals(1000, all.get("MaxKeys").asInt(), "daprd's default page");
        assertFalse(all.get("IsTruncated").asBoolean());
        assertEquals(3, all.get("Contents").size());
        JsonNode first = all.get("Contents").get(0);
        assertEquals(prefix + "a", first.get("Key").asText());
        assertEquals(3, first.get("Size").asLong());
        assertTrue(first.get("LastModified").asText().endsWith("Z"), first.toString());
        assertTrue(first.get("ETag").asText().startsWith("\""), first.toString());
        assertTrue(all.get("CommonPrefixes").isNull());

        JsonNode page = JSON.readTree(invoke(binding, "list",
                "{\"prefix\":\"" + prefix + "\",\"maxResults\":1}", Map.of()).data());
        assertEquals(1, page.get("Contents").size());
        assertTrue(page.get("IsTruncated").asBoolean());

        JsonNode next = JSON.readTree(invoke(binding, "list",
                "{\"prefix\":\"" + prefix + "\",\"marker\":\"" + prefix + "a\"}", Map.of()).data());
        assertEquals(prefix + "b", next.get("Contents").get(0).get("Key").asText());

        JsonNode folders = JSON.readTree(invoke(binding, "list",
                "{\"prefix\":\"" + prefix + "\",\"delimiter\":\"/\"}", Map.of()).data());
        assertEquals(2, folders.get("Contents").size());
        assertEquals(prefix + "sub/", folders.get("CommonPrefixes").get(0).get("Prefix").asText());
    }

    @Test
    void listWithNoDataListsTheBucket() throws Exception {
        invoke(binding, "create", "x", Map.of("key", "any-" + UUID.randomUUID()));
        JsonNode all = JSON.readTree(await(binding.invoke(new InvokeRequest("list", new byte[0], Map.of()))).data());
        assertTrue(all.get("Contents").size() >= 1);
        assertTrue(JSON.readTree(invoke(binding, "list", "null", Map.of()).data()).get("Contents").size() >= 1);
    }

    @Test
    void presignAnswersAUrlThatReadsTheObject() throws Exception {
        String key = "presigned-" + UUID.randomUUID();
        invoke(binding, "create", "signed content", Map.of("key", key));
        JsonNode answer = JSON.readTree(invoke(binding, "presign", "", Map.of("key", key, "presignTTL", "15m"))
                .data());
        assertEquals(1, answer.size(), answer.toString());
        String url = answer.get("presignURL").asText();
        assertTrue(url.startsWith(Moto.ENDPOINT + "/" + bucket + "/" + key + "?"), url);
        assertTrue(url.contains("X-Amz-Expires=900"), url);
        HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, got.statusCode());
        assertEquals("signed content", got.body());
    }

    @Test
    void presignWithoutATtlIsABadRequest() {
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "presign", "", Map.of("key", "k")));
    }

    @Test
    void createWithAPresignTtlAnswersTheUrlToo() throws Exception {
        InvokeResponse created = invoke(binding, "create", "x", Map.of("presignTTL", "1h"));
        JsonNode answer = JSON.readTree(created.data());
        assertTrue(answer.get("presignURL").asText().contains("X-Amz-Expires=3600"), answer.toString());
    }

    @Test
    void tagsAndContentTypeReachTheObject() {
        String key = "tagged-" + UUID.randomUUID();
        invoke(binding, "create", "<p/>", Map.of("key", key, "tags", "team=a, tier = gold", "Content-Type",
                "text/html"));
        assertEquals("text/html", raw.headObject(b -> b.bucket(bucket).key(key)).join().contentType());
        Map<String, String> tags = raw.getObjectTagging(b -> b.bucket(bucket).key(key)).join().tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("team", "a", "tier", "gold"), tags);
    }

    @Test
    void deleteRemovesTheObject() {
        String key = "deleted-" + UUID.randomUUID();
        invoke(binding, "create", "x", Map.of("key", key));
        assertEquals(null, invoke(binding, "delete", "", Map.of("key", key)));
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "get", "", Map.of("key", key)));
    }

    private static String stored(String key) {
        return new String(raw.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()).join()
                .asByteArray(), StandardCharsets.UTF_8);
    }
}
