package dev.embeddedcluster.fuzz;

import dev.embeddedcluster.compare.RespValues;
import dev.embeddedcluster.testing.RespClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each command's documented arguments (name, type, token, flags, nested arguments), as the live
 * redis-server's COMMAND DOCS tells them: the grammar the argument generator follows.
 */
final class CommandDocs {
    /** One documented argument. */
    record Argument(String name, String type, String token, boolean optional, boolean multiple,
            boolean multipleToken, List<Argument> children) {
    }

    private CommandDocs() {
    }

    /** Full command name (parent|sub, lower case) to its arguments, for every command and subcommand. */
    static Map<String, List<Argument>> read(RespClient redis) {
        Object reply = RespValues.parse(redis.call("COMMAND", "DOCS"));
        Map<String, List<Argument>> docs = new TreeMap<>();
        collect((List<?>) reply, "", docs);
        return docs;
    }

    private static void collect(List<?> namesAndDocs, String parent, Map<String, List<Argument>> docs) {
        for (int i = 0; i + 1 < namesAndDocs.size(); i += 2) {
            String name = parent + ((String) namesAndDocs.get(i)).toLowerCase(Locale.ROOT);
            Map<String, Object> doc = fields((List<?>) namesAndDocs.get(i + 1));
            docs.put(name, arguments((List<?>) doc.get("arguments")));
            if (doc.get("subcommands") instanceof List<?> subcommands) {
                // subcommands are listed by their full name, parent|sub
                for (int j = 0; j + 1 < subcommands.size(); j += 2) {
                    String full = ((String) subcommands.get(j)).toLowerCase(Locale.ROOT);
                    docs.put(full, arguments((List<?>) fields((List<?>) subcommands.get(j + 1)).get("arguments")));
                }
            }
        }
    }

    private static List<Argument> arguments(List<?> list) {
        List<Argument> arguments = new ArrayList<>();
        if (list == null) {
            return arguments;
        }
        for (Object item : list) {
            Map<String, Object> field = fields((List<?>) item);
            List<?> flags = field.get("flags") instanceof List<?> l ? l : List.of();
            arguments.add(new Argument((String) field.get("name"), (String) field.get("type"), (String) field.get("token"),
                    flags.contains("optional"), flags.contains("multiple"), flags.contains("multiple_token"),
                    arguments((List<?>) field.get("arguments"))));
        }
        return arguments;
    }

    /** A RESP2 map (a flat list of names and values) as a map. */
    private static Map<String, Object> fields(List<?> flat) {
        Map<String, Object> map = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put((String) flat.get(i), flat.get(i + 1));
        }
        return map;
    }
}
