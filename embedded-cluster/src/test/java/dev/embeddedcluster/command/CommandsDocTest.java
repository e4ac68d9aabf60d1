package dev.embeddedcluster.command;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/COMMANDS.md lists every Redis 7.0 command with whether we serve it, derived from the
 * command table and the handlers, so it cannot drift: this test fails when it is out of date, and
 * rewrites it when run with {@code -Dcommands.doc.write=true}.
 */
class CommandsDocTest {
    private static final Path DOC = Path.of("..", "docs", "COMMANDS.md");
    private static final Path REDIS_COMMANDS = Path.of("..", "tools", "command-table", "redis-commands.txt");
    private static final String REFUSED_BY_DEFAULT = "refused, as Redis does by default";
    static final String REGENERATE =
            "./mvnw -q -pl embedded-cluster test -Dtest=CommandsDocTest -Dcommands.doc.write=true";

    @Test
    void theCommandListIsUpToDate() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("commands.doc.write")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC)).as("docs/COMMANDS.md exists; create it with: " + REGENERATE).isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).as("docs/COMMANDS.md is current; rewrite it with: "
                + REGENERATE).isEqualTo(expected);
    }

    private static String render() throws IOException {
        CommandTable table = CommandTable.standard();
        CommandHandlers handlers = CommandHandlers.standard();
        Map<String, Map<String, String>> byGroup = new TreeMap<>();
        int served = 0;
        int total = 0;
        for (String line : Files.readAllLines(REDIS_COMMANDS, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            String name = fields[0];
            CommandSpec spec = table.lookupFullName(name);
            if (spec != null && spec.isContainer()) {
                continue;
            }
            boolean yes = spec != null && handlers.get(spec) != null;
            boolean refused = spec != null && spec.has(CommandFlag.PROTECTED);
            byGroup.computeIfAbsent(fields[1], g -> new TreeMap<>())
                    .put(display(name), yes ? "yes" : refused ? REFUSED_BY_DEFAULT : "not yet");
            total++;
            served += yes ? 1 : 0;
        }
        StringBuilder doc = new StringBuilder();
        doc.append("# Commands\n\n")
                .append("Every command of Redis 7.0 and whether the embedded cluster serves it. A command it does not serve\n")
                .append("answers Redis's own `ERR unknown command` (or unknown subcommand) error; it never pretends.\n\n")
                .append("Generated from the command table and its handlers; a test fails when this file is out of date.\n")
                .append("Rewrite it with `").append(REGENERATE).append("`.\n\n")
                .append("Served: ").append(served).append(" of ").append(total).append(". DEBUG and MODULE LOAD, LOADEX and UNLOAD\n")
                .append("are refused with the error a Redis 7.0 server gives in its default configuration\n")
                .append("(`enable-debug-command no`, `enable-module-command no`).\n");
        for (Map.Entry<String, Map<String, String>> group : byGroup.entrySet()) {
            doc.append("\n## ").append(group.getKey()).append("\n\n| Command | Served |\n|---|---|\n");
            List<String> rows = new ArrayList<>();
            group.getValue().forEach((name, status) -> rows.add("| " + name + " | " + status + " |"));
            doc.append(String.join("\n", rows)).append('\n');
        }
        return doc.toString();
    }

    /** "client|list" as users write it: CLIENT LIST. */
    private static String display(String name) {
        return name.replace('|', ' ').toUpperCase(Locale.ROOT);
    }
}
