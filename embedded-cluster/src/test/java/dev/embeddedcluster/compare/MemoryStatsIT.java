package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MEMORY STATS, DOCTOR, MALLOC-STATS, PURGE and HELP against a real redis-server: STATS has
 * Redis's fields in its order with their types (integers, doubles, the per-database map), and
 * the key count; the figures are our estimate's and are compared by type. DOCTOR's prose is our
 * own, compared by reply type.
 */
class MemoryStatsIT extends ComparisonSupport {

    @Test
    void statsHaveRedisFieldsInOrder() {
        assertSameShape(replies("MEMORY", "STATS"), replies3("MEMORY", "STATS"));
        both("SET", "a", "1");
        both("SET", "b", "2", "EX", "100");
        both("RPUSH", "list", "x", "y");
        String[][] withKeys = {replies("MEMORY", "STATS"), replies3("MEMORY", "STATS")};
        assertSameShape(withKeys[0], withKeys[1]);
        for (String[] replies : withKeys) {
            assertThat(fields(replies[1]).get("keys.count")).isEqualTo(fields(replies[0]).get("keys.count")).isEqualTo(3L);
        }
    }

    @Test
    void doctorPurgeMallocStatsAndErrors() {
        script("MEMORY PURGE", "MEMORY STATS x", "MEMORY DOCTOR x", "MEMORY PURGE x", "MEMORY MALLOC-STATS x", "MEMORY FOO",
                "MEMORY");
        same3("MEMORY", "PURGE");
        String[] doctor = replies("MEMORY", "DOCTOR");
        assertThat(doctor[0]).startsWith("$");
        assertThat(doctor[1]).startsWith("$");
        String[] doctor3 = replies3("MEMORY", "DOCTOR");
        assertThat(doctor3[0]).startsWith("=");
        assertThat(doctor3[1]).startsWith("=");
        String[] malloc = replies("MEMORY", "MALLOC-STATS");
        assertThat(malloc[0]).startsWith("$");
        assertThat(malloc[1]).startsWith("$");
        for (String help : replies("MEMORY", "HELP")) {
            assertThat(help).startsWith("*").contains("+MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                    .contains("\r\n+DOCTOR\r\n").contains("\r\n+MALLOC-STATS\r\n").contains("\r\n+PURGE\r\n")
                    .contains("\r\n+STATS\r\n").contains("\r\n+USAGE <key> [SAMPLES <count>]\r\n").contains("\r\n+HELP\r\n");
        }
    }

    private static void assertSameShape(String[] resp2, String[] resp3) {
        assertThat(shape(resp2[1])).as("RESP2").isEqualTo(shape(resp2[0]));
        assertThat(shape(resp3[1])).as("RESP3").isEqualTo(shape(resp3[0]));
    }

    /** Each field's name with the type of its value (and a nested map's own shape). */
    private static List<String> shape(String reply) {
        List<String> shape = new ArrayList<>();
        fields(reply).forEach((name, value) -> {
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                shape.add(name + ": {" + String.join(", ", shape(value)) + "}");
            } else {
                shape.add(name + ": " + typeOf(value));
            }
        });
        return shape;
    }

    private static List<String> shape(Object nested) {
        List<String> shape = new ArrayList<>();
        asMap(nested).forEach((name, value) -> shape.add(name + ": " + typeOf(value)));
        return shape;
    }

    /** RESP2 doubles come as bulk strings (integers as integers): a number in a bulk string is a double there. */
    private static String typeOf(Object value) {
        if (value instanceof String text) {
            return text.matches("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?") ? "double" : "string";
        }
        return value instanceof Double ? "double" : value.getClass().getSimpleName();
    }

    private static Map<String, Object> fields(String reply) {
        return asMap(RespValues.parse(reply));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        List<Object> pairs = (List<Object>) value;
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            map.put((String) pairs.get(i), pairs.get(i + 1));
        }
        return map;
    }
}
