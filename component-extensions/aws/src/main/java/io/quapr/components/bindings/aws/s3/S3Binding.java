package io.quapr.components.bindings.aws.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.components.aws.AwsCalls;
import io.quapr.components.aws.AwsConnection;
import io.quapr.components.aws.AwsSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.GoDuration;
import io.quapr.spi.MetadataException;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code bindings.aws.s3}: the objects of one S3 bucket, with daprd's operations and answers. The
 * request metadata {@code key} names the object.
 * <ul>
 * <li>{@code create} writes the data (a JSON string, number or boolean is first unquoted to its
 * text, as daprd does; with {@code decodeBase64} the text is then base64-decoded) under
 * {@code key}, a new UUID when absent; {@code Content-Type}, {@code tags} ({@code k=v,k2=v2}) and
 * {@code storageClass} request metadata are passed on. It answers
 * {@code {"location","versionID"}} (plus {@code presignURL} with a {@code presignTTL}) and the
 * response metadata {@code key}.</li>
 * <li>{@code get} answers the object's bytes (base64 text with {@code encodeBase64}); a missing
 * object fails with {@code object not found}.</li>
 * <li>{@code delete} removes the object and answers nothing.</li>
 * <li>{@code list} takes {@code {"maxResults","prefix","marker","delimiter"}} as data and answers
 * the listing in the JSON shape daprd gives (the Go SDK's {@code ListObjectsOutput}).</li>
 * <li>{@code presign} answers {@code {"presignURL"}}, a GET URL valid for {@code presignTTL}.</li>
 * </ul>
 * daprd's {@code bulkGet}, {@code bulkCreate}, {@code bulkDelete} and the {@code filePath}
 * request metadata (files of the sidecar's host) are not supported. Calls use the SDK's async
 * client on the sidecar's event loops ({@link io.quapr.components.aws.AwsClients}).
 */
@Dependent
@ComponentType("bindings.aws.s3")
public class S3Binding implements OutputBinding {

    static final String KEY = "key";
    static final String DECODE_BASE64 = "decodeBase64";
    static final String ENCODE_BASE64 = "encodeBase64";
    static final String PRESIGN_TTL = "presignTTL";
    static final String STORAGE_CLASS = "storageClass";
    static final String CONTENT_TYPE = "Content-Type";
    static final String TAGS = "tags";
    /** daprd's page size when {@code maxResults} is absent or below one. */
    static final int DEFAULT_MAX_RESULTS = 1000;

    // Go's json.Unmarshal refuses anything after the value; so must the unquoting below
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // written once by init before any other call, read by any thread afterwards
    private volatile String bucket;
    private volatile boolean decodeBase64;
    private volatile boolean encodeBase64;
    private volatile String presignTtl;
    private volatile String storageClass;
    private volatile ComponentContext context;
    private volatile AwsConnection<S3AsyncClient> connection;
    private volatile S3Presigner presigner;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public S3Binding() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            if (metadata.bool("insecureSSL", false)) {
                throw new MetadataException("metadata key 'insecureSSL' is not supported: add the endpoint's "
                        + "certificate to the JVM's trusted certificates instead");
            }
            AwsSettings settings = AwsSettings.from(withScheme(metadata));
            boolean pathStyle = metadata.bool("forcePathStyle", false);
            this.bucket = metadata.required("bucket");
            this.decodeBase64 = metadata.bool(DECODE_BASE64, false);
            this.encodeBase64 = metadata.bool(ENCODE_BASE64, false);
            this.presignTtl = metadata.get(PRESIGN_TTL).orElse(null);
            this.storageClass = metadata.get(STORAGE_CLASS).orElse(null);
            this.context = context;
            // building the client may read credential files: not on the event loop
            return context.executeBlocking(() -> {
                AwsConnection<S3AsyncClient> opened = AwsConnection.open(settings, context.vertx(),
                        () -> S3AsyncClient.builder().forcePathStyle(pathStyle)
                                .overrideConfiguration(
                                        c -> c.addExecutionInterceptor(new ContinueOnlyForLargeBodies())));
                try {
                    presigner = presigner(opened.client(), pathStyle);
                } catch (RuntimeException e) {
                    opened.close();
                    throw e;
                }
                return opened;
            });
        }).invoke(opened -> connection = opened).replaceWithVoid();
    }

    /** daprd's {@code disableSSL}: an endpoint given without a scheme is plain HTTP. */
    private static ComponentMetadata withScheme(ComponentMetadata metadata) {
        String endpoint = metadata.get("endpoint").orElse(null);
        if (endpoint == null || !metadata.bool("disableSSL", false) || endpoint.startsWith("http://")
                || endpoint.startsWith("https://")) {
            return metadata;
        }
        Map<String, String> raw = new HashMap<>(metadata.asMap());
        raw.put("endpoint", "http://" + endpoint);
        return ComponentMetadata.bind(metadata.componentName(), raw, metadata.schema(), Set.of()).metadata();
    }

    /** A presigner signing as the client does: same region, endpoint, credentials and addressing. */
    private static S3Presigner presigner(S3AsyncClient client, boolean pathStyle) {
        var config = client.serviceClientConfiguration();
        S3Presigner.Builder b = S3Presigner.builder()
                .credentialsProvider(config.credentialsProvider())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        Region region = config.region();
        if (region != null) {
            b.region(region);
        }
        config.endpointOverride().ifPresent(b::endpointOverride);
        return b.build();
    }

    @Override
    public List<String> operations() {
        return List.of("create", "get", "delete", "list", "presign");
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        try {
            return switch (request.operation()) {
                case "create" -> create(request);
                case "get" -> get(request);
                case "delete" -> delete(request);
                case "list" -> list(request);
                case "presign" -> presign(request);
                default -> throw new UnsupportedOperationException("s3 binding error: unsupported operation "
                        + request.operation());
            };
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private Uni<InvokeResponse> create(InvokeRequest request) {
        Map<String, String> md = request.metadata();
        String key = md.getOrDefault(KEY, "");
        String objectKey = key.isEmpty() ? UUID.randomUUID().toString() : key;
        byte[] body = unquote(request.data());
        if (flag(md, DECODE_BASE64, decodeBase64)) {
            try {
                body = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("s3 binding error: the data is not base64: " + e.getMessage());
            }
        }
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(objectKey);
        String contentType = md.getOrDefault(CONTENT_TYPE, "").trim();
        if (!contentType.isEmpty()) {
            put.contentType(contentType);
        }
        if (md.containsKey(TAGS)) {
            put.tagging(tagging(md.get(TAGS)));
        }
        String storage = nonEmpty(md.get(STORAGE_CLASS), storageClass);
        if (storage != null) {
            put.storageClass(storage);
        }
        String ttl = nonEmpty(md.get(PRESIGN_TTL), presignTtl);
        Duration presignFor = ttl == null ? null : ttl(ttl);
        byte[] bytes = body;
        return AwsCalls.call(() -> client().putObject(put.build(), AsyncRequestBody.fromBytes(bytes))).map(put2 -> {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("location", client().utilities().getUrl(u -> u.bucket(bucket).key(objectKey))
                    .toExternalForm());
            answer.put("versionID", put2.versionId());
            if (presignFor != null) {
                answer.put("presignURL", presignUrl(objectKey, presignFor));
            }
            return new InvokeResponse(bytes(answer), Map.of(KEY, objectKey));
        });
    }

    private Uni<InvokeResponse> get(InvokeRequest request) {
        String key = requiredKey(request);
        boolean encode = flag(request.metadata(), ENCODE_BASE64, encodeBase64);
        return AwsCalls.call(() -> client().getObject(b -> b.bucket(bucket).key(key),
                AsyncResponseTransformer.toBytes()))
                .map(object -> {
                    byte[] data = object.asByteArrayUnsafe();
                    return InvokeResponse.of(encode ? Base64.getEncoder().encode(data) : data);
                })
                .onFailure(NoSuchKeyException.class)
                .transform(e -> new IllegalArgumentException("object not found"));
    }

    private Uni<InvokeResponse> delete(InvokeRequest request) {
        String key = requiredKey(request);
        return AwsCalls.call(() -> client().deleteObject(b -> b.bucket(bucket).key(key)))
                .replaceWith((InvokeResponse) null);
    }

    private Uni<InvokeResponse> list(InvokeRequest request) {
        JsonNode payload = listPayload(request.data());
        int max = payload.path("maxResults").asInt(0);
        int maxKeys = max < 1 ? DEFAULT_MAX_RESULTS : max;
        return AwsCalls.call(() -> client().listObjects(b -> b.bucket(bucket).maxKeys(maxKeys)
                .marker(nonEmpty(payload.path("marker").asText(""), null))
                .prefix(nonEmpty(payload.path("prefix").asText(""), null))
                .delimiter(nonEmpty(payload.path("delimiter").asText(""), null))))
                .map(listing -> InvokeResponse.of(bytes(listing(listing))));
    }

    private Uni<InvokeResponse> presign(InvokeRequest request) {
        String key = requiredKey(request);
        String ttl = nonEmpty(request.metadata().get(PRESIGN_TTL), presignTtl);
        if (ttl == null) {
            throw new IllegalArgumentException("s3 binding error: required metadata '" + PRESIGN_TTL + "' missing");
        }
        ObjectNode answer = JSON.createObjectNode().put("presignURL", presignUrl(key, ttl(ttl)));
        return Uni.createFrom().item(InvokeResponse.of(bytes(answer)));
    }

    /** A GET URL of the object, signed locally: no call to S3. */
    private String presignUrl(String key, Duration validFor) {
        return presigner.presignGetObject(p -> p.signatureDuration(validFor)
                .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toExternalForm();
    }

    /**
     * The listing as daprd answers it: Go's JSON of the SDK's {@code ListObjectsOutput}, field
     * names capitalised, absent values {@code null} (or empty for Go's string enums).
     */
    static ObjectNode listing(ListObjectsResponse r) {
        ObjectNode out = JSON.createObjectNode();
        if (r.hasCommonPrefixes() && !r.commonPrefixes().isEmpty()) {
            ArrayNode prefixes = out.putArray("CommonPrefixes");
            for (CommonPrefix p : r.commonPrefixes()) {
                prefixes.addObject().put("Prefix", p.prefix());
            }
        } else {
            out.putNull("CommonPrefixes");
        }
        if (r.hasContents() && !r.contents().isEmpty()) {
            ArrayNode contents = out.putArray("Contents");
            for (S3Object o : r.contents()) {
                ObjectNode item = contents.addObject();
                if (o.hasChecksumAlgorithm() && !o.checksumAlgorithmAsStrings().isEmpty()) {
                    o.checksumAlgorithmAsStrings().forEach(item.putArray("ChecksumAlgorithm")::add);
                } else {
                    item.putNull("ChecksumAlgorithm");
                }
                item.put("ChecksumType", orEmpty(o.checksumTypeAsString()));
                item.put("ETag", o.eTag());
                item.put("Key", o.key());
                Instant modified = o.lastModified();
                item.put("LastModified", modified == null ? null : modified.toString());
                if (o.owner() == null) {
                    item.putNull("Owner");
                } else {
                    item.putObject("Owner").put("DisplayName", o.owner().displayName()).put("ID", o.owner().id());
                }
                item.putNull("RestoreStatus");
                item.put("Size", o.size());
                item.put("StorageClass", orEmpty(o.storageClassAsString()));
            }
        } else {
            out.putNull("Contents");
        }
        out.put("Delimiter", r.delimiter());
        out.put("EncodingType", orEmpty(r.encodingTypeAsString()));
        out.put("IsTruncated", r.isTruncated());
        out.put("Marker", r.marker());
        out.put("MaxKeys", r.maxKeys());
        out.put("Name", r.name());
        out.put("NextMarker", r.nextMarker());
        out.put("Prefix", r.prefix());
        out.put("RequestCharged", orEmpty(r.requestChargedAsString()));
        out.putObject("ResultMetadata");
        return out;
    }

    /** The list payload; no data (or JSON {@code null}) means every default. */
    private static JsonNode listPayload(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isNull()) {
                return JSON.createObjectNode();
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(
                        "s3 binding (List Operation) - unable to parse Data property - not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "s3 binding (List Operation) - unable to parse Data property - " + e.getOriginalMessage());
        }
    }

    /**
     * daprd's unquoting of create's data: a JSON string becomes its text, a number or boolean its
     * text, {@code null} nothing; anything else (an object, an array, not JSON) stays as it came.
     */
    static byte[] unquote(byte[] data) {
        JsonNode value;
        try {
            value = JSON.readTree(data);
        } catch (IOException notJson) {
            return data;
        }
        if (value == null || value.isMissingNode() || value.isContainerNode()) {
            return data;
        }
        if (value.isNull()) {
            return new byte[0];
        }
        String text = value.isNumber()
                ? plain(value.decimalValue())
                : value.asText();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Go's shortest plain notation of a float64 as cast prints it: no exponent, no trailing zeros. */
    private static String plain(BigDecimal number) {
        return new BigDecimal(Double.toString(number.doubleValue())).stripTrailingZeros().toPlainString();
    }

    /** daprd's {@code tags}: {@code k=v,k2=v2} to S3's tagging query {@code k=v&k2=v2}. */
    static String tagging(String raw) {
        List<String> pairs = new ArrayList<>();
        for (String entry : raw.split(",", -1)) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("s3 binding error: parsing tags failed: invalid tag format: '"
                        + entry + "' (expected key=value)");
            }
            pairs.add(kv[0].trim() + "=" + kv[1].trim());
        }
        return String.join("&", pairs);
    }

    private static Duration ttl(String value) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("s3 binding error: cannot parse duration " + value);
        }
    }

    private static String requiredKey(InvokeRequest request) {
        String key = request.metadata().getOrDefault(KEY, "");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("s3 binding error: required metadata '" + KEY + "' missing");
        }
        return key;
    }

    /** A request metadata flag overrides the component's when present and not empty, as in daprd. */
    private static boolean flag(Map<String, String> md, String key, boolean fallback) {
        String v = md.get(key);
        return v == null || v.isEmpty() ? fallback : ComponentMetadata.isTruthy(v);
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks for {@code 100-continue} only before bodies of 2 MiB or more, as daprd's Go SDK does;
     * the Java SDK asks before every upload, which S3-compatible servers and emulators (moto among
     * them) answer with an interim response the client then takes for the final one.
     */
    static final class ContinueOnlyForLargeBodies implements ExecutionInterceptor {

        /** The Go SDK's default {@code ContinueHeaderThresholdBytes}. */
        static final long THRESHOLD = 2L * 1024 * 1024;

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            long length = request.firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(THRESHOLD);
            return length < THRESHOLD && request.firstMatchingHeader("Expect").isPresent()
                    ? request.toBuilder().removeHeader("Expect").build()
                    : request;
        }
    }

    private S3AsyncClient client() {
        return AwsConnection.clientOf(connection, "bindings.aws.s3");
    }

    /** Closes the presigner and the client on a worker thread: closing connections may wait a little. */
    @Override
    public Uni<Void> close() {
        AwsConnection<S3AsyncClient> open = connection;
        S3Presigner signer = presigner;
        connection = null;
        presigner = null;
        if (signer == null) {
            return AwsConnection.closeOnWorker(open, context);
        }
        return context.executeBlocking(() -> {
            signer.close();
            return null;
        }).chain(() -> AwsConnection.closeOnWorker(open, context));
    }
}
