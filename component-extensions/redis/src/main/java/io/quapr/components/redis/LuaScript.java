package io.quapr.components.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script and its SHA-1, so it can be run with {@code EVALSHA} and sent whole only when the
 * server does not know it yet ({@code NOSCRIPT}).
 *
 * @param source the script text
 * @param sha1 its SHA-1 in lower-case hex, as Redis names cached scripts
 */
public record LuaScript(String source, String sha1) {

    /** A script from its text. */
    public static LuaScript of(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-1 (MessageDigest's Javadoc)
            throw new IllegalStateException(e);
        }
    }
}
