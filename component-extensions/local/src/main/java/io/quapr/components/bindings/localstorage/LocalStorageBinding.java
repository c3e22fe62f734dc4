package io.quapr.components.bindings.localstorage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code bindings.localstorage}: files below a root folder, with daprd's semantics.
 * <ul>
 * <li>{@code create} writes the data to {@code fileName} (a new UUID when the request has none),
 * creating folders on the way, and answers {@code {"fileName": <path relative to the root>}}. The
 * data is first unquoted when it is a JSON string (the HTTP API passes {@code "text"} with its
 * quotes), then base64-decoded when it is valid standard base64, as daprd does, so binary files
 * can be written through the JSON API.</li>
 * <li>{@code get} answers the file's bytes; a missing file fails with {@code file not found}.</li>
 * <li>{@code list} answers a JSON array of the absolute paths of every file below
 * {@code fileName} (the root when absent), in lexical order, or {@code null} when none.</li>
 * <li>{@code delete} removes the file and answers nothing.</li>
 * </ul>
 * A file name never leaves the root: {@code ..} stops at the root, as daprd's secure join.
 */
@Dependent
@ComponentType("bindings.localstorage")
public class LocalStorageBinding implements OutputBinding {

    private static final String FILE_NAME = "fileName";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> DISALLOWED = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/boot"),
            Path.of("/var/run/secrets"));

    private volatile Path root;
    private volatile ComponentContext context;

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        this.context = context;
        return context.executeBlocking(() -> {
            root = rootPath(metadata.required("rootPath"));
            Files.createDirectories(root);
            return null;
        });
    }

    @Override
    public List<String> operations() {
        return List.of("create", "get", "list", "delete");
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        String name = request.metadata().getOrDefault(FILE_NAME, "");
        return context.executeBlocking(() -> switch (request.operation()) {
            case "create" -> create(name.isEmpty() ? UUID.randomUUID().toString() : name, request.data());
            case "get" -> get(name);
            case "list" -> list(name);
            case "delete" -> delete(name);
            default -> throw new UnsupportedOperationException("unsupported operation " + request.operation());
        });
    }

    private InvokeResponse create(String name, byte[] data) throws IOException {
        Path file = resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, decode(data));
        String relative = root.relativize(file).toString();
        return InvokeResponse.of(("{\"fileName\":" + jsonString(relative) + "}").getBytes(StandardCharsets.UTF_8));
    }

    private InvokeResponse get(String name) throws IOException {
        Path file = resolve(name);
        try {
            return InvokeResponse.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file not found: " + file);
        }
    }

    private InvokeResponse list(String name) throws IOException {
        Path dir = resolve(name);
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("error getting stats for path " + dir + ": no such file or directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "unable to list files as the file specified is not a directory: " + dir);
        }
        List<String> files = new ArrayList<>();
        walk(dir, files);
        if (files.isEmpty()) {
            return InvokeResponse.of("null".getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < files.size(); i++) {
            json.append(i == 0 ? "" : ",").append(jsonString(files.get(i)));
        }
        return InvokeResponse.of(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }

    private InvokeResponse delete(String name) throws IOException {
        Path file = resolve(name);
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("error deleting file " + file + ": no such file or directory");
        }
        return null;
    }

    /** Depth first, each folder's entries in lexical order: the order of Go's {@code filepath.Walk}. */
    private static void walk(Path dir, List<String> into) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        }
        for (Path p : entries) {
            if (Files.isDirectory(p)) {
                walk(p, into);
            } else {
                into.add(p.toString());
            }
        }
    }

    /** The file below the root for a request's name; {@code ..} cannot climb above the root. */
    Path resolve(String name) {
        Path inside = Path.of("/").resolve(name).normalize();
        Path relative = Path.of("/").relativize(inside);
        return relative.toString().isEmpty() ? root : root.resolve(relative);
    }

    /** daprd's create: unquote a JSON string, then take base64 when the text is valid base64. */
    static byte[] decode(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        byte[] bytes = data;
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            try {
                text = JSON.readValue(text, String.class);
                bytes = text.getBytes(StandardCharsets.UTF_8);
            } catch (IOException notOneString) {
                // kept as it is, as daprd keeps what strconv.Unquote refuses
            }
        }
        // Go's standard encoding wants the padding that Java's decoder would let go
        if (text.length() % 4 != 0) {
            return bytes;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return bytes;
        }
    }

    private static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path rootPath(String value) {
        if (value.isBlank()) {
            throw new MetadataException("property rootPath must not be empty");
        }
        Path p = Path.of(value).toAbsolutePath().normalize();
        if (Files.isRegularFile(p)) {
            throw new MetadataException("property rootPath represents a file and not a directory");
        }
        // the nearest existing folder with its links resolved, as daprd checks it
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? p : existing.toRealPath().resolve(existing.relativize(p));
            for (Path d : DISALLOWED) {
                if (real.startsWith(d)) {
                    throw new MetadataException("property rootPath points to a disallowed location");
                }
            }
            return real;
        } catch (IOException e) {
            throw new MetadataException("failed to evaluate symlinks in rootPath: " + e.getMessage());
        }
    }
}
