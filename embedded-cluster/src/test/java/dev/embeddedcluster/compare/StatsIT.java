package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INFO's statistics against a real redis-server: the sections and their fields in Redis's
 * order, the per-command and per-error counts after a known run of commands (rejected and
 * failed calls, errors inside MULTI/EXEC and scripts), latency percentiles by shape, and what
 * CONFIG RESETSTAT zeroes. Times and byte counts vary by run and are compared by shape.
 */
class StatsIT extends ComparisonSupport {

    /** Commands whose calls, rejections, failures and errors Redis counts in a known way. */
    private void knownRun() {
        script("SET k v", "GET k", "GET missing", "LPUSH k a", "GET", "FOO bar", "CONFIG FOO", "CONFIG", "SET n 1",
                "MULTI", "GET a b", "EXEC",
                "MULTI", "INCR k", "SET {k}t 1", "EXEC",
                "MULTI", "SET {k}t 2", "INCR k", "EXEC",
                "MULTI", "SET t 2", "INCR k", "EXEC",
                "MULTI", "NOSUCH", "EXEC",
                "EVALSHA 0123456789012345678901234567890123456789 0",
                "RPUSH {k}l a b", "LRANGE {k}l 0 -1", "LRANGE nolist 0 -1", "EXISTS k nokey", "TYPE k", "TTL nokey",
                "SMEMBERS noset", "HGET nohash f", "HSET h f v", "HGET h f", "ZSCORE nozset m", "STRLEN k", "MGET k",
                "MGET nokey", "SET k v2 GET", "INCR counter", "LPUSH {k}l c", "GETRANGE k 0 1", "OBJECT ENCODING k",
                "XLEN nostream", "PFCOUNT nohll", "GETBIT k 1", "SCARD noset", "LINDEX {k}l 0", "DUMP nokey",
                "BLPOP nolist 0.01", "BLPOP {k}l 0.01");
        same("EVAL", "return redis.call('incr', KEYS[1])", "1", "k");
        same("EVAL", "return redis.pcall('incr', KEYS[1])", "1", "k");
        same("EVAL", "redis.pcall('incr', KEYS[1]); return 1", "1", "k");
        same("EVAL", "return {err='MY own error'}", "0");
        same("EVAL", "error('raised')", "0");
        same("EVAL", "return redis.call('nosuch')", "0");
        same("EVAL", "retur", "0");
        same("EVAL", "return redis.pcall('nosuch')", "0");
        same("EVAL_RO", "return redis.pcall('set', KEYS[1], 1)", "1", "k");
        same("EVAL", "return redis.pcall('get')", "0");
        same("EVAL", "return redis.pcall('config', 'foo')", "0");
        same("EVAL", "return redis.pcall('config')", "0");
        same("EVAL", "redis.pcall('get') return 1", "0");
        same("EVAL", "redis.pcall('nosuch') return 1", "0");
    }

    @Test
    void commandStatsCountCallsRejectionsAndFailures() {
        same("CONFIG", "RESETSTAT");
        knownRun();
        String[] info = replies("INFO", "commandstats");
        assertThat(commandStats(info[1])).isEqualTo(commandStats(info[0]));
        assertThat(info[1]).matches("(?s)\\$\\d+\r\n# Commandstats\r\n(cmdstat_[a-z|_-]+:calls=\\d+,usec=\\d+,"
                + "usec_per_call=\\d+\\.\\d\\d,rejected_calls=\\d+,failed_calls=\\d+\r\n)+\r\n");
    }

    @Test
    void errorStatsCountErrorsByPrefixOnce() {
        same("CONFIG", "RESETSTAT");
        knownRun();
        same("EVAL", "return {err='NOSPACE'}", "0");
        same("EVAL", "return {err='ABCDEFGHIJKLMNOPQRSTUVWXYZ01234 is one too long'}", "0");
        same("EVAL", "return {err='ABCDEFGHIJKLMNOPQRSTUVWXYZ0123 is the longest code'}", "0");
        same("INFO", "errorstats");
        assertThat(replies("INFO", "stats")).satisfies(both ->
                assertThat(field(both[1], "total_error_replies")).isEqualTo(field(both[0], "total_error_replies")));
        same("CONFIG", "RESETSTAT");
        same("INFO", "errorstats");
    }

    @Test
    void statsSectionHasRedisFieldsAndCounts() {
        same("CONFIG", "RESETSTAT");
        knownRun();
        try (var realOther = realConnection(); var emulatedOther = emulatedConnection()) {
            realOther.call("PING");
            emulatedOther.call("PING");
            String[] info = replies("INFO", "stats");
            Map<String, String> real = RespValues.infoFields(body(info[0]));
            Map<String, String> emulated = RespValues.infoFields(body(info[1]));
            assertThat(new ArrayList<>(emulated.keySet())).containsExactlyElementsOf(real.keySet());
            for (String exact : List.of("total_connections_received", "total_commands_processed", "rejected_connections",
                    "sync_full", "expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses", "pubsub_channels",
                    "pubsub_patterns", "pubsubshard_channels", "total_forks", "migrate_cached_sockets", "tracking_total_keys",
                    "tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies", "total_error_replies",
                    "dump_payload_sanitizations", "io_threaded_reads_processed", "io_threaded_writes_processed")) {
                assertThat(emulated.get(exact)).as(exact).isEqualTo(real.get(exact));
            }
            emulated.forEach((name, value) -> assertThat(value).as(name).matches("\\d+(\\.\\d\\d)?"));
        }
    }

    @Test
    void memorySectionHasRedisFields() {
        script("SCRIPT FLUSH", "FUNCTION FLUSH");
        same("SCRIPT", "LOAD", "return 1");
        same("EVAL", "return 2", "0");
        same("FUNCTION", "LOAD", "#!lua name=statslib\nredis.register_function('f1', function() return 1 end)\n"
                + "redis.register_function('f2', function() return 2 end)");
        both("SET", "k", "v");
        String[] info = replies("INFO", "memory");
        Map<String, String> real = RespValues.infoFields(body(info[0]));
        Map<String, String> emulated = RespValues.infoFields(body(info[1]));
        assertThat(new ArrayList<>(emulated.keySet())).containsExactlyElementsOf(real.keySet());
        for (String exact : List.of("number_of_cached_scripts", "number_of_functions", "number_of_libraries", "maxmemory",
                "maxmemory_human", "maxmemory_policy", "mem_not_counted_for_evict", "mem_aof_buffer",
                "active_defrag_running", "lazyfree_pending_objects")) {
            assertThat(emulated.get(exact)).as(exact).isEqualTo(real.get(exact));
        }
        for (String human : List.of("used_memory_human", "used_memory_peak_human", "used_memory_rss_human")) {
            assertThat(emulated.get(human)).as(human).matches("\\d+(\\.\\d\\d[KMGTP])?B?");
        }
        assertThat(emulated.get("used_memory_peak_perc")).matches("\\d+\\.\\d\\d%");
        script("FUNCTION FLUSH", "SCRIPT FLUSH");
    }

    @Test
    void infoSectionsComeInRedisOrder() {
        for (String[] command : new String[][] {{"INFO"}, {"INFO", "all"}, {"INFO", "everything"}, {"INFO", "default"},
                {"INFO", "commandstats", "errorstats"}, {"INFO", "default", "commandstats"}, {"INFO", "latencystats", "server"},
                {"INFO", "modules"}}) {
            String[] info = replies(command);
            assertThat(RespValues.infoSections(body(info[1]))).as(String.join(" ", command))
                    .containsExactlyElementsOf(RespValues.infoSections(body(info[0])));
        }
        same("INFO", "modules");
        for (String section : List.of("server", "clients", "persistence", "replication", "cpu", "cluster")) {
            String[] info = replies("INFO", section);
            assertThat(new ArrayList<>(RespValues.infoFields(body(info[1])).keySet())).as(section)
                    .containsExactlyElementsOf(RespValues.infoFields(body(info[0])).keySet());
        }
        String[] info3 = replies3("INFO", "errorstats");
        assertThat(info3[0]).startsWith("=");
        assertThat(info3[1]).startsWith("=").contains("txt:# Errorstats\r\n");
    }

    @Test
    void latencyStatsFollowTheirParameters() {
        same("CONFIG", "RESETSTAT");
        script("SET a 1", "GET a", "CONFIG GET latency-tracking", "CONFIG GET latency-tracking-info-percentiles");
        String[] info = replies("INFO", "latencystats");
        assertThat(latencyNames(info[1])).isEqualTo(latencyNames(info[0]));
        assertThat(body(info[1])).matches("(?s)# Latencystats\r\n(latency_percentiles_usec_[a-z|]+:p50=\\d+\\.\\d{3},"
                + "p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}\r\n)+");
        script("CONFIG SET latency-tracking-info-percentiles abc", "CONFIG SET latency-tracking-info-percentiles 101",
                "CONFIG SET latency-tracking-info-percentiles 50.50", "CONFIG GET latency-tracking-info-percentiles");
        same("CONFIG", "SET", "latency-tracking-info-percentiles", "0 99.0 100");
        same("CONFIG", "GET", "latency-tracking-info-percentiles");
        info = replies("INFO", "latencystats");
        assertThat(body(info[1])).matches("(?s)# Latencystats\r\n(latency_percentiles_usec_[a-z|]+:p0=\\d+\\.\\d{3},"
                + "p99=\\d+\\.\\d{3},p100=\\d+\\.\\d{3}\r\n)+");
        same("CONFIG", "SET", "latency-tracking-info-percentiles", "");
        info = replies("INFO", "latencystats");
        assertThat(latencyNames(info[1])).isEqualTo(latencyNames(info[0]));
        script("CONFIG SET latency-tracking no", "CONFIG RESETSTAT", "SET a 1", "INFO latencystats", "CONFIG SET latency-tracking yes",
                "CONFIG SET latency-tracking maybe");
        same("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9");
    }

    @Test
    void resetStatZeroesWhatRedisZeroes() {
        script("CONFIG SET slowlog-log-slower-than 0", "SLOWLOG RESET", "SET a 1", "FOO", "CONFIG RESETSTAT",
                "INFO errorstats", "SLOWLOG LEN", "CONFIG SET slowlog-log-slower-than 10000");
        String[] info = replies("INFO", "commandstats");
        assertThat(commandStats(info[1])).isEqualTo(commandStats(info[0]));
        String[] stats = replies("INFO", "stats");
        assertThat(field(stats[1], "total_commands_processed")).isEqualTo(field(stats[0], "total_commands_processed"));
        assertThat(field(stats[1], "total_error_replies")).isEqualTo(field(stats[0], "total_error_replies"));
        assertThat(field(stats[1], "total_connections_received")).isEqualTo(field(stats[0], "total_connections_received"));
    }

    @Test
    void lazilyFreedValuesAreCounted() throws InterruptedException {
        same("CONFIG", "RESETSTAT");
        for (int i = 0; i < 100; i++) {
            both("SADD", "{t}bigset", "member" + i);
            both("ZADD", "{t}bigzset", Integer.toString(i), "member" + i);
        }
        for (int i = 0; i < 64; i++) {
            both("SADD", "{t}smallset", "x" + i);
        }
        both("SADD", "{t}compact", "1", "2", "3");
        both("SET", "{t}string", "x".repeat(100_000));
        script("UNLINK {t}bigset {t}compact {t}string", "DEL {t}bigzset", "UNLINK {t}smallset", "PING");
        assertSameLazyfreed();
        script("MSET {t}a 1 {t}b 2 {t}c 3", "FLUSHALL ASYNC", "PING");
        assertSameLazyfreed();
        same("CONFIG", "RESETSTAT");
        assertSameLazyfreed();
    }

    /** Redis counts a value freed once its background thread has freed it: waits (up to a second) until none is pending. */
    private void assertSameLazyfreed() throws InterruptedException {
        String[] memory = replies("INFO", "memory");
        for (int tries = 0; tries < 50 && !"0".equals(field(memory[0], "lazyfree_pending_objects")); tries++) {
            Thread.sleep(20);
            memory = replies("INFO", "memory");
        }
        assertThat(field(memory[1], "lazyfreed_objects")).isEqualTo(field(memory[0], "lazyfreed_objects"));
        assertThat(field(memory[1], "lazyfree_pending_objects")).isEqualTo(field(memory[0], "lazyfree_pending_objects"));
    }

    /** A bulk reply's content. */
    private static String body(String bulk) {
        return (String) RespValues.parse(bulk);
    }

    private static String field(String info, String name) {
        return RespValues.infoFields(body(info)).get(name);
    }

    /** INFO commandstats' counts by command, times left out (they vary by run). */
    static Map<String, String> commandStats(String info) {
        Map<String, String> counts = new TreeMap<>();
        RespValues.infoFields(body(info)).forEach((name, value) ->
                counts.put(name, value.replaceAll(",usec=\\d+,usec_per_call=[\\d.]+", "")));
        return counts;
    }

    private static List<String> latencyNames(String info) {
        return new ArrayList<>(new TreeMap<>(RespValues.infoFields(body(info))).keySet());
    }
}
