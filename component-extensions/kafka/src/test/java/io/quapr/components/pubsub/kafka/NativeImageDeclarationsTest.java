package io.quapr.components.pubsub.kafka;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.util.ZstdVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The native-image declarations for the compression codecs name what the class path has: an upgrade of
 * zstd-jni that renames a class or its library fails here, not in a native executable.
 */
class NativeImageDeclarationsTest {

    private static final String DIR = "META-INF/native-image/io.quapr/quapr-components-kafka/";

    @Test
    void everyJniClassExists() throws IOException {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(read("jni-config.json"));
        while (m.find()) {
            names.add(m.group(1));
        }

        assertFalse(names.isEmpty());
        for (String name : names) {
            assertDoesNotThrow(() -> Class.forName(name, false, getClass().getClassLoader()), name);
        }
    }

    @Test
    void zstdLibraryOfThisPlatformIsAnIncludedResource() throws IOException {
        Matcher m = Pattern.compile("\"pattern\"\\s*:\\s*\"([^\"]+)\"").matcher(read("resource-config.json"));
        assertTrue(m.find());
        Pattern included = Pattern.compile(m.group(1).replace("\\\\", "\\"));
        String library = "linux/amd64/libzstd-jni-" + ZstdVersion.VERSION + ".so";

        assertNotNull(getClass().getClassLoader().getResource(library), library);
        assertTrue(included.matcher(library).matches(), library + " is not included by " + included);
    }

    private String read(String file) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DIR + file)) {
            assertNotNull(in, file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
