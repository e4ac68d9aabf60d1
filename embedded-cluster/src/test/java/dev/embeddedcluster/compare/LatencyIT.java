package dev.embeddedcluster.compare;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LATENCY against a real redis-server: the monitor off and on (latency-monitor-threshold), the
 * events a slow command leaves (LATEST, HISTORY, GRAPH, RESET), DOCTOR's reply type, the
 * per-command HISTOGRAM in RESP2 and RESP3, and the errors. Latencies and times vary by run:
 * compared by shape; event names, call counts and the graph's layout exactly.
 */
class LatencyIT extends ComparisonSupport {
    /** A script that keeps the server busy for some milliseconds, calling no command (whose own latency would count). */
    private static final String BUSY = "local n = 0 for i = 1, 300000 do n = n + i end return 1";

    @AfterEach
    void monitorOff() {
        both("CONFIG", "SET", "latency-monitor-threshold", "0");
        both("LATENCY", "RESET");
    }

    @Test
    void monitorOffAndErrors() {
        script("CONFIG GET latency-monitor-threshold", "LATENCY LATEST", "LATENCY HISTORY command", "LATENCY RESET",
                "LATENCY RESET command fast-command", "LATENCY GRAPH command", "LATENCY LATEST x", "LATENCY HISTORY",
                "LATENCY GRAPH", "LATENCY DOCTOR x", "LATENCY FOO", "LATENCY", "CONFIG SET latency-monitor-threshold -1",
                "CONFIG SET latency-monitor-threshold abc", "LATENCY HISTOGRAM nosuch");
        same3("LATENCY", "HISTOGRAM", "nosuch");
        String[] help = replies("LATENCY", "HELP");
        for (String reply : help) {
            assertThat(reply).startsWith("*").contains("+LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                    .contains("\r\n+DOCTOR\r\n").contains("\r\n+GRAPH <event>\r\n").contains("\r\n+HISTORY <event>\r\n")
                    .contains("\r\n+LATEST\r\n").contains("\r\n+RESET [<event> ...]\r\n").contains("\r\n+HISTOGRAM [COMMAND ...]\r\n")
                    .contains("\r\n+HELP\r\n");
        }
        String[] doctor = replies("LATENCY", "DOCTOR");
        assertThat(doctor[0]).startsWith("$");
        assertThat(doctor[1]).startsWith("$");
    }

    @Test
    void aSlowCommandIsAnEvent() {
        // Once before the monitor is on, so that the emulator's first run (class loading, JIT) is not what it sees.
        script("LATENCY RESET", "LATENCY LATEST", "LATENCY HISTORY command");
        same("EVAL", BUSY, "0");
        same("CONFIG", "SET", "latency-monitor-threshold", "1");
        // How many events it forgets depends on how long CONFIG SET itself took: not compared.
        both("LATENCY", "RESET");
        same("EVAL", BUSY, "0");
        String[] latest = replies("LATENCY", "LATEST");
        String[] history = replies("LATENCY", "HISTORY", "command");
        String[] graph = replies("LATENCY", "GRAPH", "command");
        String[] graph3 = replies3("LATENCY", "GRAPH", "command");
        for (int side = 0; side < 2; side++) {
            String shown = side == 0 ? "redis-server" : "emulator";
            assertThat(eventNames(latest[side])).as(shown).contains("command").isSubsetOf("command", "fast-command");
            int samples = samplesOf(history[side], shown);
            assertGraph((String) RespValues.parse(graph[side]), samples, shown);
            assertThat(graph3[side]).as(shown).startsWith("=");
            assertGraph((String) RespValues.parse(graph3[side]), samples, shown);
        }
        String[] doctor = replies("LATENCY", "DOCTOR");
        assertThat(doctor[1]).startsWith("$");
        assertThat(doctor[0]).startsWith("$");
        String[] doctor3 = replies3("LATENCY", "DOCTOR");
        assertThat(doctor3[1]).startsWith("=");
        assertThat(doctor3[0]).startsWith("=");
        // Monitoring off first, so that no command of the emulator's that happens to take a millisecond comes in between.
        script("CONFIG SET latency-monitor-threshold 0", "LATENCY RESET command nosuch", "LATENCY HISTORY command",
                "LATENCY GRAPH command");
    }

    /** LATENCY HISTORY's samples: [unix time, milliseconds] pairs, oldest first, each at least the threshold. */
    @SuppressWarnings("unchecked")
    private static int samplesOf(String reply, String shown) {
        List<Object> samples = (List<Object>) RespValues.parse(reply);
        assertThat(samples).as(shown).isNotEmpty();
        long previous = 0;
        for (Object sample : samples) {
            List<Object> pair = (List<Object>) sample;
            assertThat(pair).as(shown).hasSize(2);
            assertThat((Long) pair.get(0)).as(shown).isGreaterThan(previous);
            assertThat((Long) pair.get(1)).as(shown).isGreaterThanOrEqualTo(1);
            previous = (Long) pair.get(0);
        }
        return samples.size();
    }

    /** GRAPH's layout: title, rule, four rows of one column per sample, a blank row, then the "ago" labels downwards. */
    private static void assertGraph(String graph, int samples, String shown) {
        String[] lines = graph.split("\n", -1);
        assertThat(lines[0]).as(shown).matches("command - high \\d+ ms, low \\d+ ms \\(all time high \\d+ ms\\)");
        assertThat(lines[1]).as(shown).isEqualTo("-".repeat(80));
        for (int row = 2; row < 6; row++) {
            assertThat(lines[row]).as(shown).hasSize(samples).matches("[ _|#-]+");
        }
        assertThat(lines[6]).as(shown).isEqualTo(" ".repeat(samples));
        assertThat(lines[lines.length - 1]).as(shown).isEmpty();
        assertThat(lines.length).as(shown).isGreaterThanOrEqualTo(10);
        for (int row = 7; row < lines.length - 1; row++) {
            assertThat(lines[row]).as(shown).hasSize(samples).matches("[0-9smh ]+");
        }
    }

    @Test
    void histogramsOfCommands() {
        script("CONFIG RESETSTAT", "SET a 1", "SET a 2", "SET a 3", "GET a", "CONFIG GET maxmemory");
        for (boolean resp3 : new boolean[] {false, true}) {
            String[][] asked = {{"LATENCY", "HISTOGRAM", "set", "GET", "nosuch"}, {"LATENCY", "HISTOGRAM", "config"},
                    {"LATENCY", "HISTOGRAM", "config|get"}, {"LATENCY", "HISTOGRAM"}};
            for (String[] command : asked) {
                String[] replies = resp3 ? replies3(command) : replies(command);
                assertThat(replies[1].charAt(0)).isEqualTo(replies[0].charAt(0));
                // Named commands come in the order asked; a container's subcommands and all commands in Redis's hash order.
                boolean hashOrder = command.length == 2 || command[2].equals("config");
                assertThat(calls(replies[1], hashOrder)).as(String.join(" ", command))
                        .isEqualTo(calls(replies[0], hashOrder));
            }
        }
    }

    /** Each command's calls, with its histogram checked to be cumulative up to them; sorted when the order is Redis's hash order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> calls(String reply, boolean sort) {
        Map<String, Long> calls = sort ? new TreeMap<>() : new LinkedHashMap<>();
        asMap(RespValues.parse(reply)).forEach((name, value) -> {
            Map<Object, Object> fields = asMap(value);
            assertThat(new ArrayList<>(fields.keySet())).containsExactly("calls", "histogram_usec");
            long count = (Long) fields.get("calls");
            long previous = 0;
            long previousLevel = 0;
            for (Map.Entry<Object, Object> bucket : asMap(fields.get("histogram_usec")).entrySet()) {
                long level = (Long) bucket.getKey();
                long cumulative = (Long) bucket.getValue();
                assertThat(level).isGreaterThan(previousLevel);
                assertThat(cumulative).isGreaterThan(previous).isLessThanOrEqualTo(count);
                previous = cumulative;
                previousLevel = level;
            }
            assertThat(previous).isEqualTo(count);
            calls.put((String) name, count);
        });
        return calls;
    }

    /** A map reply: a RESP3 map, or a RESP2 array of pairs. */
    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        List<Object> pairs = (List<Object>) value;
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            map.put(pairs.get(i), pairs.get(i + 1));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static List<String> eventNames(String reply) {
        List<String> names = new ArrayList<>();
        for (Object event : (List<Object>) RespValues.parse(reply)) {
            names.add((String) ((List<Object>) event).get(0));
        }
        return names;
    }
}
