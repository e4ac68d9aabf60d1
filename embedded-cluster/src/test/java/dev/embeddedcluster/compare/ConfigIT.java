package dev.embeddedcluster.compare;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONFIG against a real redis-server: every parameter CONFIG GET * lists and its value, in both
 * protocols; patterns and aliases; CONFIG SET's checks for each kind of value with Redis's texts,
 * immutable and protected parameters, several pairs at once (all or nothing), RESETSTAT.
 */
class ConfigIT extends ComparisonSupport {
    /** Values of the process, not of Redis: the port, the working directory and the files in it. */
    private static final Set<String> OWN_VALUES = Set.of("port", "dir");
    /** Parameters a test changes, put back after each test (on each side to its own value). */
    private static final List<String> CHANGED = List.of("hz", "maxmemory", "maxmemory-clients", "maxmemory-policy",
            "hash-max-listpack-entries", "hash-max-listpack-value", "lua-time-limit", "save", "client-output-buffer-limit",
            "oom-score-adj-values", "latency-tracking-info-percentiles", "cluster-announce-hostname", "notify-keyspace-events",
            "slowlog-log-slower-than", "list-max-listpack-size", "cluster-link-sendbuf-limit", "appendfsync", "timeout",
            "replica-announce-ip", "ignore-warnings", "tls-ca-cert-file", "loglevel");
    private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("hz", "10"), Map.entry("maxmemory", "0"),
            Map.entry("maxmemory-clients", "0"), Map.entry("maxmemory-policy", "noeviction"),
            Map.entry("hash-max-listpack-entries", "512"), Map.entry("hash-max-listpack-value", "64"),
            Map.entry("lua-time-limit", "5000"), Map.entry("save", ""),
            Map.entry("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
            Map.entry("oom-score-adj-values", "0 200 800"), Map.entry("latency-tracking-info-percentiles", "50 99 99.9"),
            Map.entry("cluster-announce-hostname", ""), Map.entry("notify-keyspace-events", ""),
            Map.entry("slowlog-log-slower-than", "10000"), Map.entry("list-max-listpack-size", "-2"),
            Map.entry("cluster-link-sendbuf-limit", "0"), Map.entry("appendfsync", "everysec"), Map.entry("timeout", "0"),
            Map.entry("replica-announce-ip", ""), Map.entry("ignore-warnings", ""), Map.entry("tls-ca-cert-file", ""),
            Map.entry("loglevel", "notice"));

    @AfterEach
    void putBackDefaults() {
        for (String name : CHANGED) {
            both("CONFIG", "SET", name, DEFAULTS.get(name));
        }
    }

    @Test
    void getStarListsEveryParameterWithRedisValuesInBothProtocols() {
        for (boolean resp3 : new boolean[] {false, true}) {
            String[] replies = resp3 ? replies3("CONFIG", "GET", "*") : replies("CONFIG", "GET", "*");
            assertThat(replies[1]).startsWith(resp3 ? "%" : "*");
            Map<String, String> real = pairs(replies[0]);
            Map<String, String> emulated = pairs(replies[1]);
            assertThat(emulated.keySet()).containsExactlyElementsOf(real.keySet());
            assertThat(emulated.size()).isEqualTo(192);
            OWN_VALUES.forEach(name -> {
                real.remove(name);
                emulated.remove(name);
            });
            assertThat(emulated).containsExactlyEntriesOf(real);
        }
    }

    @Test
    void getMatchesPatternsAndNamesAsRedis() {
        script("CONFIG GET HZ", "CONFIG GET hz", "CONFIG GET lua-time-limit", "CONFIG GET slave-read-only",
                "CONFIG GET nonexistent", "CONFIG GET", "CONFIG GET h?", "CONFIG GET [h]z", "CONFIG GET hz HZ",
                "CONFIG GET slowlog-log-slower-than", "CONFIG GET slowlog-max-len", "CONFIG GET latency-monitor-threshold",
                "CONFIG GET latency-tracking", "CONFIG GET latency-tracking-info-percentiles", "CONFIG GET dbfilename",
                "CONFIG GET rdbcompression", "CONFIG GET rdbchecksum", "CONFIG GET key-load-delay", "CONFIG GET key-load*",
                "CONFIG GET watchdog-period", "CONFIG GET loading-process-events-interval-bytes", "CONFIG GET rdb-key-save-delay",
                "CONFIG SET watchdog-period -1", "CONFIG SET loading-process-events-interval-bytes 1000",
                "CONFIG SET key-load-delay -1", "CONFIG GET key-load-delay", "CONFIG SET key-load-delay 0");
        same3("CONFIG", "GET", "hz");
        same3("CONFIG", "GET", "nonexistent");
        for (String patterns : new String[] {"*ziplist*", "*listpack* hash-max-ziplist-entries", "hz maxmemory hz",
                "maxmemory*", "*slave* *replica*", "*a* hz", "*max*entries*", "HZ h*", "HZ hz", "lua-time-limit busy-reply-threshold"}) {
            String[] command = ("CONFIG GET " + patterns).split(" ");
            String[] replies = replies(command);
            assertThat(pairs(replies[1])).as(patterns).containsExactlyEntriesOf(pairs(replies[0]));
            assertThat(replies[1]).as(patterns).startsWith(replies[0].substring(0, replies[0].indexOf('\r')));
            String[] replies3 = replies3(command);
            assertThat(pairs(replies3[1])).as(patterns).containsExactlyEntriesOf(pairs(replies3[0]));
        }
    }

    @Test
    void setChecksEachKindOfValueWithRedisTexts() {
        script(
                // yes/no
                "CONFIG SET activerehashing maybe", "CONFIG SET activerehashing YES", "CONFIG GET activerehashing",
                "CONFIG SET activerehashing 1",
                // integers and their bounds
                "CONFIG SET hz abc", "CONFIG SET hz 05", "CONFIG SET hz +5", "CONFIG SET hz 5.0", "CONFIG SET hz -1",
                "CONFIG SET hz 2147483648", "CONFIG SET hz 99999999999999999999", "CONFIG SET hz 20", "CONFIG GET hz",
                "CONFIG SET hz 1000", "CONFIG GET hz", "CONFIG SET hz 0", "CONFIG GET hz", "CONFIG SET repl-backlog-size 1k",
                "CONFIG GET repl-backlog-size", "CONFIG SET repl-backlog-size 1mb",
                "CONFIG SET timeout -1", "CONFIG SET maxclients 0", "CONFIG SET maxclients 4294967296",
                "CONFIG SET active-defrag-cycle-min 100", "CONFIG SET cluster-announce-port 65536",
                "CONFIG SET slowlog-log-slower-than -2", "CONFIG SET slowlog-log-slower-than -1",
                "CONFIG GET slowlog-log-slower-than", "CONFIG SET slowlog-max-len -1", "CONFIG SET latency-monitor-threshold -1",
                "CONFIG SET list-max-listpack-size -2147483649", "CONFIG SET list-max-listpack-size -5",
                "CONFIG GET list-max-ziplist-size", "CONFIG SET lua-time-limit 100", "CONFIG GET busy-reply-threshold",
                "CONFIG SET busy-reply-threshold -1",
                // memory values
                "CONFIG SET maxmemory abc", "CONFIG SET maxmemory -1", "CONFIG SET maxmemory 1.5k", "CONFIG SET maxmemory +5",
                "CONFIG SET maxmemory 1KB", "CONFIG GET maxmemory", "CONFIG SET maxmemory 1Gb", "CONFIG GET maxmemory",
                "CONFIG SET maxmemory 2m", "CONFIG GET maxmemory", "CONFIG SET maxmemory 1b", "CONFIG GET maxmemory",
                "CONFIG SET maxmemory 0", "CONFIG SET cluster-link-sendbuf-limit 92233720368547758070",
                "CONFIG GET cluster-link-sendbuf-limit", "CONFIG SET hash-max-listpack-value 92233720368547758070",
                "CONFIG SET hash-max-listpack-value 1k", "CONFIG GET hash-max-ziplist-value",
                "CONFIG SET proto-max-bulk-len 1000", "CONFIG SET client-query-buffer-limit 1kb",
                // memory or percent
                "CONFIG SET maxmemory-clients 10%", "CONFIG GET maxmemory-clients", "CONFIG SET maxmemory-clients 101%",
                "CONFIG SET maxmemory-clients x%", "CONFIG SET maxmemory-clients 0%", "CONFIG GET maxmemory-clients",
                "CONFIG SET maxmemory-clients 1kb", "CONFIG GET maxmemory-clients", "CONFIG SET maxmemory-clients abc",
                // choices
                "CONFIG SET maxmemory-policy foo", "CONFIG SET maxmemory-policy ALLKEYS-LRU", "CONFIG GET maxmemory-policy",
                "CONFIG SET appendfsync sometimes", "CONFIG SET appendfsync NO", "CONFIG GET appendfsync",
                "CONFIG SET loglevel loud", "CONFIG SET sanitize-dump-payload maybe",
                // free text
                "CONFIG SET replica-announce-ip abc", "CONFIG GET slave-announce-ip", "CONFIG SET ignore-warnings ARM64-COW-BUG",
                "CONFIG GET ignore-warnings", "CONFIG SET tls-ca-cert-file /nowhere", "CONFIG GET tls-ca-cert-file",
                // values with a syntax of their own
                "CONFIG SET notify-keyspace-events KEA", "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events Q",
                "CONFIG SET cluster-announce-hostname a_b", "CONFIG SET cluster-announce-hostname ab.c-d",
                "CONFIG GET cluster-announce-hostname", "CONFIG SET tls-port 1", "CONFIG SET tls-port 0", "CONFIG SET tls-port x",
                "CONFIG SET port abc", "CONFIG SET port 65536");
        setEachThenGet("save", "100", "100 10 abc 1", "-1 5", "100 10 5 1");
        setEachThenGet("save", "");
        setEachThenGet("oom-score-adj-values", "1 2", "1 2 x", "1 2 3000", "-2000 0 2000");
        setEachThenGet("client-output-buffer-limit", "foo 1 2 3", "master 1 2 3", "pubsub 1 2", "pubsub 1 x 3",
                "pubsub 1 2 -3", "replica 1mb 2k 3 normal 0 0 0");
        setEachThenGet("client-output-buffer-limit", "PUBSUB 1 1 1");
        setEachThenGet("latency-tracking-info-percentiles", "50.0 99.90 100");
        setEachThenGet("latency-tracking-info-percentiles", "1e1 0.123456789");
        setEachThenGet("latency-tracking-info-percentiles", "abc", "50 101", "");
        same3("CONFIG", "SET", "hz", "abc");
    }

    @Test
    void immutableAndProtectedParametersAreRefused() {
        script("CONFIG SET daemonize no", "CONFIG SET databases 4", "CONFIG SET cluster-enabled no",
                "CONFIG SET rdbchecksum no", "CONFIG SET io-threads 2", "CONFIG SET appendfilename x.aof",
                "CONFIG SET cluster-config-file x.conf", "CONFIG SET enable-protected-configs yes",
                "CONFIG SET enable-debug-command yes", "CONFIG SET unixsocket /tmp/x.sock", "CONFIG SET replicaof abc",
                "CONFIG SET slaveof abc", "CONFIG SET logfile x", "CONFIG SET pidfile x", "CONFIG SET supervised no",
                "CONFIG SET dir /tmp", "CONFIG SET dir /nonexistent", "CONFIG SET dbfilename x.rdb", "CONFIG SET DIR /tmp");
    }

    @Test
    void everyParameterAnswersAWrongValueAsRedis() {
        Map<String, String> initial = pairs(replies("CONFIG", "GET", "*")[1]);
        for (String name : initial.keySet()) {
            if (Set.of("port", "bind", "requirepass", "dir").contains(name)) {
                continue;
            }
            for (String value : new String[] {"abc", "-1", "99999999999999999999", "2k"}) {
                String[] replies = replies("CONFIG", "SET", name, value);
                assertThat(replies[1]).as("CONFIG SET %s %s", name, value).isEqualTo(replies[0]);
                if (replies[1].startsWith("+")) {
                    String[] shown = replies("CONFIG", "GET", name);
                    assertThat(shown[1]).as("CONFIG GET %s after SET %s", name, value).isEqualTo(shown[0]);
                    String[] back = replies("CONFIG", "SET", name, initial.get(name));
                    assertThat(back[1]).as("CONFIG SET %s back", name).isEqualTo(back[0]).isEqualTo("+OK\r\n");
                }
            }
        }
    }

    @Test
    void severalPairsApplyAllOrNothing() {
        script("CONFIG SET hz 5 maxmemory abc", "CONFIG GET hz", "CONFIG SET hz 5 hz 6", "CONFIG SET Hz 8 hz 9",
                "CONFIG SET hash-max-ziplist-entries 5 hash-max-listpack-entries 6", "CONFIG GET hash-max-ziplist-entries",
                "CONFIG GET hash-max-listpack-entries", "CONFIG SET hz 5 foo 1", "CONFIG SET foo 1 hz abc",
                "CONFIG SET hz abc foo 1", "CONFIG SET hz abc daemonize no", "CONFIG SET hz abc dir /tmp",
                "CONFIG SET hz", "CONFIG SET hz 5 maxmemory", "CONFIG SET hash-max-listpack-entries abc hz abc",
                "CONFIG SET maxmemory-policy allkeys-lru maxmemory 10mb hz x", "CONFIG GET maxmemory-policy",
                "CONFIG GET maxmemory", "CONFIG SET hz 7 maxmemory-policy allkeys-lfu", "CONFIG GET hz",
                "CONFIG GET maxmemory-policy", "CONFIG SET save 1 save 2", "CONFIG SET foo", "CONFIG SET");
        same3("CONFIG", "SET", "hz", "5", "hz", "6");
    }

    @Test
    void resetStatAndHelpHaveRedisShape() {
        script("CONFIG RESETSTAT", "CONFIG RESETSTAT x", "CONFIG FOO", "CONFIG", "CONFIG REWRITE x", "CONFIG REWRITE");
        same3("CONFIG", "RESETSTAT");
        String[] help = replies("CONFIG", "HELP");
        assertThat(help[1]).startsWith("*").contains("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        assertThat(help[0]).startsWith("*");
    }

    /** CONFIG SET of each value in turn (values with spaces), then CONFIG GET, compared. */
    private void setEachThenGet(String name, String... values) {
        for (String value : values) {
            same("CONFIG", "SET", name, value);
        }
        same("CONFIG", "GET", name);
    }

    /** The name and value pairs of a CONFIG GET reply, RESP2 array or RESP3 map, by name. */
    private static Map<String, String> pairs(String reply) {
        String[] lines = reply.split("\r\n", -1);
        Map<String, String> pairs = new TreeMap<>();
        String name = null;
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].startsWith("$")) {
                continue;
            }
            int length = Integer.parseInt(lines[i].substring(1));
            StringBuilder text = new StringBuilder(lines[++i]);
            while (text.toString().getBytes(StandardCharsets.UTF_8).length < length) {
                text.append("\r\n").append(lines[++i]);
            }
            if (name == null) {
                name = text.toString();
            } else {
                pairs.put(name, text.toString());
                name = null;
            }
        }
        return pairs;
    }
}
