package io.quapr.components.state.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's hash slot of a key (CRC16/XMODEM of the key, or of its {@code {hash tag}},
 * modulo 16384), so a transaction whose keys live on different slots is refused with a clear
 * message before it is sent, instead of with the client's dump of the whole request.
 */
final class HashSlot {

    private static final int SLOTS = 16384;

    private HashSlot() {
    }

    /** The slot of {@code key}. */
    static int of(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int end = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            // only a non-empty tag counts, as the cluster specification says
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(bytes, start, end) % SLOTS;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int crc16(byte[] bytes, int start, int end) {
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc ^= (bytes[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
