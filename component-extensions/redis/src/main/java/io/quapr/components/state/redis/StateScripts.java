package io.quapr.components.state.redis;

import io.quapr.components.redis.LuaScript;

/**
 * The two Lua scripts every state operation runs, written for daprd's on-Redis layout: each key
 * is a hash with the value's bytes in field {@code data} and a whole-number {@code version}
 * (1 on the first write, plus one on every write) that is the ETag; daprd also leaves a
 * {@code first-write} field on keys written with first-write concurrency. A script runs
 * atomically, so a check and the writes it guards cannot interleave with another client.
 */
final class StateScripts {

    private StateScripts() {
    }

    /** Arguments the write script takes per operation, after the operation's key in KEYS. */
    static final int ARGS_PER_OPERATION = 5;

    /**
     * Applies a list of sets and deletes all or nothing. KEYS[i] is operation i's key; ARGV holds
     * {@value #ARGS_PER_OPERATION} values per operation: {@code set} or {@code del}; the expected
     * version ({@code ""} for none); {@code 1} for first-write; the TTL in seconds ({@code > 0}
     * expires the key, anything else makes it persistent); the value's bytes.
     *
     * <p>
     * The first pass checks every operation against the version the key will have when its turn
     * comes (so a transaction may write a key twice), touching nothing; only when all pass does
     * the second pass write. Returns 0, or the 1-based index of the first operation whose check
     * failed, with every key left as it was.
     *
     * <p>
     * A key that is not a hash (a plain string from an old Dapr, which reads still return) counts
     * as absent and is replaced by the first write to it, as daprd's own script does.
     */
    static final LuaScript WRITE = LuaScript.of("""
            local seen = {}
            local function version_of(key)
              local v = seen[key]
              if v == nil then
                v = false
                if redis.call('TYPE', key).ok == 'hash' then
                  v = redis.call('HGET', key, 'version')
                end
                seen[key] = v
              end
              return v
            end
            local n = #KEYS
            for i = 1, n do
              local key, at = KEYS[i], (i - 1) * 5
              local kind, expected = ARGV[at + 1], ARGV[at + 2]
              local current = version_of(key)
              if expected ~= '' then
                if current ~= expected then return i end
              elseif kind == 'set' and ARGV[at + 3] == '1' and current then
                return i
              end
              if kind == 'set' then
                seen[key] = tostring((tonumber(current) or 0) + 1)
              else
                seen[key] = false
              end
            end
            for i = 1, n do
              local key, at = KEYS[i], (i - 1) * 5
              if ARGV[at + 1] == 'set' then
                local t = redis.call('TYPE', key).ok
                if t ~= 'hash' and t ~= 'none' then redis.call('DEL', key) end
                redis.call('HSET', key, 'data', ARGV[at + 5])
                if ARGV[at + 3] == '1' then redis.call('HSET', key, 'first-write', 0) end
                redis.call('HINCRBY', key, 'version', 1)
                local ttl = tonumber(ARGV[at + 4])
                if ttl > 0 then redis.call('EXPIRE', key, ttl) else redis.call('PERSIST', key) end
              else
                redis.call('DEL', key)
              end
            end
            return 0
            """);

    /**
     * Reads one key with its remaining time to live, in one round trip. Returns an empty array
     * for an absent key, else {@code [type, data, version, pttl]}: {@code type} is {@code hash}
     * or {@code string} (a plain value, which has no version), {@code pttl} the milliseconds left
     * or -1 for none. Any other type is an error, as it is for daprd.
     */
    static final LuaScript READ = LuaScript.of("""
            local key = KEYS[1]
            local t = redis.call('TYPE', key).ok
            if t == 'none' then return {} end
            if t == 'hash' then
              local f = redis.call('HMGET', key, 'data', 'version')
              return {t, f[1], f[2], redis.call('PTTL', key)}
            end
            if t == 'string' then
              return {t, redis.call('GET', key), false, redis.call('PTTL', key)}
            end
            return redis.error_reply('WRONGTYPE key ' .. key .. ' holds a ' .. t .. ', not a state hash')
            """);
}
