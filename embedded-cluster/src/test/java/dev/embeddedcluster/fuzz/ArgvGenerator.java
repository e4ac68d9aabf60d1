package dev.embeddedcluster.fuzz;

import dev.embeddedcluster.command.CommandFlag;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.CommandTable;
import dev.embeddedcluster.fuzz.CommandDocs.Argument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random argument vectors for every command of our table not {@link Exclusions excluded}: mostly
 * following the command's documented grammar (tokens, optional and repeated parts, typed values),
 * then sometimes mutated (an argument dropped, repeated, replaced, a token of the command's put
 * anywhere, or a wholly random vector of the command's arity). Keys come from a small pool sharing
 * one hash tag, so that CROSSSLOT stays rare. Deterministic for a given {@link Random}.
 */
final class ArgvGenerator {
    /** Keys share the tag {f}; one key without it meets CROSSSLOT now and then. */
    static final List<String> KEYS = List.of("{f}a", "{f}b", "{f}c", "{f}d", "{f}e", "{f}f", "other");
    private static final List<String> NUMBERS = List.of("0", "1", "2", "3", "-1", "-2", "100000", "10", "-0",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
            "2147483647", "4294967296", "18446744073709551616", "00", "+1", " 1", "1 ", "0x10", "1e3", "");
    private static final List<String> DOUBLES = List.of("0", "1.5", "-2.5", "inf", "-inf", "+inf", "nan", "-0", "1e308",
            "1e309", "-1e400", "0.1", "3", "1.7976931348623157e308", "4.9e-324", "1e-400", ".5", "5.", "1,5", "infinity",
            "(1", "[a");
    private static final List<String> STRINGS = List.of("", "a", "b", "v", "foo", "0", "1", "-1", "1.5", "*", "?", "[a]",
            "a*", "\u0000\u00ff\r\n", "x".repeat(70), "9223372036854775807", "0-1", "1-1", "5-0", "$", ">", "-", "+",
            "nan", "inf", "{f}a", "{f}b", "é", "{", "}");
    private static final List<String> PATTERNS = List.of("*", "{f}*", "?", "[a-c]", "\\", "[", "*a*", "{f}[ab]", "");
    private static final List<String> STREAM_IDS = List.of("0", "0-1", "1", "1-1", "1-2", "5-0", "5-*", "$", ">", "-", "+",
            "18446744073709551615-18446744073709551615", "1-18446744073709551616", "abc");

    private final Random random;
    private final List<CommandSpec> commands = new ArrayList<>();
    private final Map<String, List<Argument>> docs;
    private final Map<String, List<String>> tokens = new java.util.HashMap<>();
    private final Set<String> covered = new TreeSet<>();

    ArgvGenerator(Random random, Map<String, List<Argument>> docs) {
        this.random = random;
        this.docs = docs;
        for (CommandSpec spec : CommandTable.standard().indexed()) {
            if (!spec.isContainer() && !Exclusions.excluded(spec.fullName(), spec.has(CommandFlag.BLOCKING))) {
                commands.add(spec);
            }
        }
    }

    /** The full names of the commands it can send. */
    List<String> candidates() {
        return commands.stream().map(CommandSpec::fullName).toList();
    }

    /** The full names of the commands it sent. */
    Set<String> covered() {
        return covered;
    }

    /** Arguments that give the keys a value of each type, some in each encoding (setup, never compared). */
    static List<String[]> seedData() {
        return List.of(new String[] {"SET", "{f}a", "12"}, new String[] {"RPUSH", "{f}b", "1", "x", "2", "x"},
                new String[] {"HSET", "{f}c", "f", "1", "g", "v"}, new String[] {"SADD", "{f}d", "1", "2", "3"},
                new String[] {"ZADD", "{f}e", "1", "a", "2", "b", "2", "c"},
                new String[] {"XADD", "{f}f", "1-1", "f", "v"}, new String[] {"XADD", "{f}f", "2-1", "g", "w"},
                new String[] {"XGROUP", "CREATE", "{f}f", "g", "0"});
    }

    /** The next input: a command and its arguments, with the command's full name for the comparison form. */
    Input next() {
        CommandSpec spec = commands.get(random.nextInt(commands.size()));
        String full = spec.fullName();
        covered.add(full);
        List<String> argv = new ArrayList<>(List.of(full.split("\\|")));
        List<Argument> grammar = docs.get(full);
        if (grammar == null || random.nextInt(10) == 0) {
            randomVector(spec, argv);
        } else {
            for (Argument argument : grammar) {
                generate(full, argument, argv);
            }
        }
        if (random.nextInt(6) == 0) {
            mutate(full, argv);
        }
        byte[][] bytes = new byte[argv.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = argv.get(i).getBytes(StandardCharsets.ISO_8859_1);
        }
        return new Input(full, bytes);
    }

    /** A command and its arguments, with the command's full name. */
    record Input(String fullName, byte[][] argv) {
        String shown() {
            StringBuilder text = new StringBuilder();
            for (byte[] arg : argv) {
                String word = new String(arg, StandardCharsets.ISO_8859_1);
                text.append(text.length() == 0 ? "" : " ").append(word.isEmpty() || word.matches(".*[\\s\"\\\\\\p{Cntrl}].*")
                        ? '"' + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
                                .replace("\u0000", "\\x00") + '"'
                        : word);
            }
            return text.toString();
        }
    }

    private void generate(String command, Argument argument, List<String> argv) {
        if (argument.optional() && random.nextInt(3) != 0) {
            return;
        }
        if (argument.token() != null && argument.token().equalsIgnoreCase("BLOCK")) {
            return;
        }
        int times = argument.multiple() ? 1 + random.nextInt(3) : 1;
        for (int i = 0; i < times; i++) {
            if (argument.token() != null && (i == 0 || argument.multipleToken())) {
                argv.add(argument.token());
            }
            value(command, argument, argv);
        }
    }

    private void value(String command, Argument argument, List<String> argv) {
        switch (argument.type()) {
            case "pure-token" -> {
            }
            case "oneof" -> {
                Argument chosen = argument.children().get(random.nextInt(argument.children().size()));
                if (command.equals("xadd") && "*".equals(chosen.token())) {
                    argv.add(pick(STREAM_IDS)); // an automatic ID holds the time: never the same on both servers
                } else {
                    generate(command, withoutOptional(chosen), argv);
                }
            }
            case "block" -> argument.children().forEach(child -> generate(command, child, argv));
            case "key" -> argv.add(key());
            case "integer" -> argv.add(timeLike(argument) ? pick(List.of("0", "-1", "100000", "9223372036854775807", "x"))
                    : pick(NUMBERS));
            case "unix-time" -> argv.add(pick(List.of("0", "1", "-1", "4102444800", "9223372036854775807", "x")));
            case "double" -> argv.add(pick(DOUBLES));
            case "pattern" -> argv.add(pick(PATTERNS));
            default -> argv.add(argument.name().contains("id") || argument.name().equals("start")
                    || argument.name().equals("end") ? pick(STREAM_IDS) : pick(STRINGS));
        }
    }

    /** Arguments counting seconds or milliseconds from now get values far from the edge of expiring, or none. */
    private static boolean timeLike(Argument argument) {
        String name = argument.name();
        return name.contains("second") || name.equals("ttl") || name.equals("timeout");
    }

    private static Argument withoutOptional(Argument chosen) {
        return new Argument(chosen.name(), chosen.type(), chosen.token(), false, chosen.multiple(), chosen.multipleToken(),
                chosen.children());
    }

    private void randomVector(CommandSpec spec, List<String> argv) {
        int words = argv.size();
        int arity = spec.arity() >= 0 ? spec.arity() : -spec.arity() + random.nextInt(4);
        int count = Math.max(0, arity - words + random.nextInt(3) - 1);
        for (int i = 0; i < count; i++) {
            argv.add(anyValue(spec.fullName()));
        }
    }

    private String anyValue(String command) {
        return switch (random.nextInt(6)) {
            case 0 -> key();
            case 1 -> pick(NUMBERS);
            case 2 -> pick(DOUBLES);
            case 3 -> tokenOf(command);
            default -> pick(STRINGS);
        };
    }

    private void mutate(String command, List<String> argv) {
        int first = command.contains("|") ? 2 : 1;
        int at = first + random.nextInt(argv.size() - first + 1);
        switch (random.nextInt(5)) {
            case 0 -> {
                if (at < argv.size()) {
                    argv.remove(at);
                }
            }
            case 1 -> {
                if (at < argv.size()) {
                    argv.add(at, argv.get(at));
                }
            }
            case 2 -> {
                if (at < argv.size()) {
                    argv.set(at, anyValue(command));
                }
            }
            case 3 -> argv.add(at, tokenOf(command));
            default -> argv.set(0, random.nextBoolean() ? argv.get(0).toUpperCase(java.util.Locale.ROOT)
                    : argv.get(0).substring(0, 1).toUpperCase(java.util.Locale.ROOT) + argv.get(0).substring(1));
        }
    }

    /** A keyword of the command's documented arguments (BLOCK left out), else a random word. */
    private String tokenOf(String command) {
        List<String> own = tokens.computeIfAbsent(command, name -> {
            List<String> found = new ArrayList<>();
            collectTokens(docs.getOrDefault(name, List.of()), found);
            return found;
        });
        return own.isEmpty() ? pick(STRINGS) : pick(own);
    }

    private static void collectTokens(List<Argument> arguments, List<String> found) {
        for (Argument argument : arguments) {
            if (argument.token() != null && !argument.token().equalsIgnoreCase("BLOCK")) {
                found.add(argument.token());
            }
            collectTokens(argument.children(), found);
        }
    }

    private String key() {
        return random.nextInt(40) == 0 ? KEYS.get(KEYS.size() - 1) : KEYS.get(random.nextInt(KEYS.size() - 1));
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
