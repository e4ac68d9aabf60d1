package dev.embeddedcluster.command.introspection;

import dev.embeddedcluster.command.CommandFlag;
import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.CommandTable;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Glob;
import dev.embeddedcluster.command.KeyExtractor;
import dev.embeddedcluster.command.KeySpec;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * COMMAND and its subcommands, all rendered from the command table, with Redis 7.0's reply shapes:
 * COMMAND INFO entries of 10 elements whose flags, ACL categories, tips and key specs are sets,
 * whose subcommands are an array for a container and an empty set otherwise; COMMAND DOCS a map of
 * maps. Commands are listed in table order (Redis lists them in hash table order, which differs from
 * run to run).
 */
public final class CommandCommands {
    private static final List<String> HELP = List.of(
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Describes every command this node executes.",
        "COUNT",
        "    How many commands this node executes.",
        "LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <glob>)]",
        "    The names of the commands, optionally filtered.",
        "INFO [<command-name> ...]",
        "    Describes the named commands, or all of them.",
        "DOCS [<command-name> ...]",
        "    Summary, group and first version of the named commands, or of all.",
        "GETKEYS <full-command>",
        "    The keys a full command line would touch.",
        "GETKEYSANDFLAGS <full-command>",
        "    The keys a full command line would touch, with how it uses each.",
        "HELP",
        "    This text.");

    private final CommandTable table;

    public CommandCommands(CommandTable table) {
        this.table = table;
    }

    /** Registers the handlers, describing the standard command table. */
    public static void register(BiConsumer<String, CommandHandler> registry) {
        register(registry, CommandTable.standard());
    }

    /** Registers the handlers, describing the given table. */
    public static void register(BiConsumer<String, CommandHandler> registry, CommandTable table) {
        CommandCommands c = new CommandCommands(table);
        registry.accept("command", c::command);
        registry.accept("command|count", c::count);
        registry.accept("command|info", c::info);
        registry.accept("command|list", c::list);
        registry.accept("command|docs", c::docs);
        registry.accept("command|getkeys", r -> c.getKeys(r, false));
        registry.accept("command|getkeysandflags", r -> c.getKeys(r, true));
        registry.accept("command|help", CommandCommands::help);
    }

    // ------------------------------------------------------------------ COMMAND, COUNT, INFO

    /** COMMAND: every command's info. */
    void command(Request request) {
        RespWriter out = request.reply();
        out.arrayHeader(table.size());
        for (CommandSpec spec : table.all()) {
            writeInfo(out, spec);
        }
    }

    void count(Request request) {
        request.reply().integer(table.size());
    }

    /** COMMAND INFO [name ...]: one entry per name, null for unknown names; all without names. */
    void info(Request request) {
        if (request.argc() == 2) {
            command(request);
            return;
        }
        RespWriter out = request.reply();
        out.arrayHeader(request.argc() - 2);
        for (int i = 2; i < request.argc(); i++) {
            CommandSpec spec = table.lookupFullName(request.text(i));
            if (spec == null) {
                out.nullBulk();
            } else {
                writeInfo(out, spec);
            }
        }
    }

    /** One COMMAND INFO entry, as Redis 7.0's addReplyCommandInfo writes it. */
    public static void writeInfo(RespWriter out, CommandSpec spec) {
        out.arrayHeader(10);
        out.bulk(spec.fullName());
        out.integer(spec.arity());
        List<CommandFlag> flags = spec.shownFlags();
        out.setHeader(flags.size());
        for (CommandFlag flag : flags) {
            out.simple(flag.text());
        }
        out.integer(spec.firstKey());
        out.integer(spec.lastKey());
        out.integer(spec.keyStep());
        out.setHeader(spec.aclCategories().size());
        for (String category : spec.aclCategories()) {
            out.simple("@" + category);
        }
        out.setHeader(spec.tips().size());
        for (String tip : spec.tips()) {
            out.bulk(tip);
        }
        writeKeySpecs(out, spec.keySpecs());
        if (spec.isContainer()) {
            out.arrayHeader(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands()) {
                writeInfo(out, sub);
            }
        } else {
            out.setHeader(0);
        }
    }

    private static void writeKeySpecs(RespWriter out, List<KeySpec> specs) {
        out.setHeader(specs.size());
        for (KeySpec spec : specs) {
            out.mapHeader(spec.notes() == null ? 3 : 4);
            if (spec.notes() != null) {
                out.bulk("notes");
                out.bulk(spec.notes());
            }
            out.bulk("flags");
            writeKeyFlags(out, spec.flags());

            out.bulk("begin_search");
            out.mapHeader(2);
            out.bulk("type");
            if (spec.beginSearch() instanceof KeySpec.Index index) {
                out.bulk("index");
                out.bulk("spec");
                out.mapHeader(1);
                out.bulk("index");
                out.integer(index.index());
            } else if (spec.beginSearch() instanceof KeySpec.Keyword keyword) {
                out.bulk("keyword");
                out.bulk("spec");
                out.mapHeader(2);
                out.bulk("keyword");
                out.bulk(keyword.keyword());
                out.bulk("startfrom");
                out.integer(keyword.startFrom());
            } else {
                out.bulk("unknown");
                out.bulk("spec");
                out.mapHeader(0);
            }

            out.bulk("find_keys");
            out.mapHeader(2);
            out.bulk("type");
            if (spec.findKeys() instanceof KeySpec.Range range) {
                out.bulk("range");
                out.bulk("spec");
                out.mapHeader(3);
                out.bulk("lastkey");
                out.integer(range.lastKey());
                out.bulk("keystep");
                out.integer(range.keyStep());
                out.bulk("limit");
                out.integer(range.limit());
            } else if (spec.findKeys() instanceof KeySpec.KeyNum keyNum) {
                out.bulk("keynum");
                out.bulk("spec");
                out.mapHeader(3);
                out.bulk("keynumidx");
                out.integer(keyNum.keyNumIdx());
                out.bulk("firstkey");
                out.integer(keyNum.firstKey());
                out.bulk("keystep");
                out.integer(keyNum.keyStep());
            } else {
                out.bulk("unknown");
                out.bulk("spec");
                out.mapHeader(0);
            }
        }
    }

    private static void writeKeyFlags(RespWriter out, int flags) {
        List<String> names = KeySpec.Flag.names(flags);
        out.setHeader(names.size());
        for (String name : names) {
            out.simple(name);
        }
    }

    // ------------------------------------------------------------------ DOCS

    /** COMMAND DOCS [name ...]: a map of name to docs; unknown names are left out. */
    void docs(Request request) {
        RespWriter out = request.reply();
        if (request.argc() == 2) {
            out.mapHeader(table.size());
            for (CommandSpec spec : table.all()) {
                out.bulk(spec.fullName());
                writeDocs(out, spec);
            }
            return;
        }
        List<CommandSpec> found = new ArrayList<>(request.argc() - 2);
        for (int i = 2; i < request.argc(); i++) {
            CommandSpec spec = table.lookupFullName(request.text(i));
            if (spec != null) {
                found.add(spec);
            }
        }
        out.mapHeader(found.size());
        for (CommandSpec spec : found) {
            out.bulk(spec.fullName());
            writeDocs(out, spec);
        }
    }

    /**
     * Our docs of one command: summary, since, group and, for a container, its subcommands' docs.
     * Redis also sends complexity, arguments, history and doc flags, which we do not keep.
     */
    public static void writeDocs(RespWriter out, CommandSpec spec) {
        out.mapHeader(spec.isContainer() ? 4 : 3);
        out.bulk("summary");
        out.bulk(spec.summary());
        out.bulk("since");
        out.bulk(spec.since());
        out.bulk("group");
        out.bulk(spec.group());
        if (spec.isContainer()) {
            out.bulk("subcommands");
            out.mapHeader(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands()) {
                out.bulk(sub.fullName());
                writeDocs(out, sub);
            }
        }
    }

    // ------------------------------------------------------------------ LIST

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]. */
    void list(Request request) {
        int filter = 0; // 0 none, 1 module, 2 aclcat, 3 pattern
        String argument = null;
        for (int i = 2; i < request.argc(); i++) {
            int moreArgs = request.argc() - 1 - i;
            if (request.is(i, "filterby") && moreArgs == 2) {
                if (request.is(i + 1, "module")) {
                    filter = 1;
                } else if (request.is(i + 1, "aclcat")) {
                    filter = 2;
                } else if (request.is(i + 1, "pattern")) {
                    filter = 3;
                } else {
                    request.reply().error(Errors.SYNTAX);
                    return;
                }
                argument = request.text(i + 2);
                i += 2;
            } else {
                request.reply().error(Errors.SYNTAX);
                return;
            }
        }
        byte[] pattern = filter == 3 ? request.arg(request.argc() - 1) : null;
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            addListed(spec, filter, argument, pattern, names);
        }
        RespWriter out = request.reply();
        out.arrayHeader(names.size());
        for (String name : names) {
            out.bulk(name);
        }
    }

    private static void addListed(CommandSpec spec, int filter, String argument, byte[] pattern, List<String> names) {
        boolean keep = switch (filter) {
            case 0 -> true;
            case 1 -> false; // we have no modules
            case 2 -> spec.inAclCategory(argument);
            default -> Glob.matches(pattern, spec.fullName().getBytes(StandardCharsets.UTF_8), true);
        };
        if (keep) {
            names.add(spec.fullName());
        }
        for (CommandSpec sub : spec.subcommands()) {
            addListed(sub, filter, argument, pattern, names);
        }
    }

    // ------------------------------------------------------------------ GETKEYS

    /** COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...]. */
    void getKeys(Request request, boolean withFlags) {
        RespWriter out = request.reply();
        byte[][] args = Arrays.copyOfRange(request.args(), 2, request.argc());
        CommandSpec spec = table.resolve(args);
        if (spec == null) {
            out.error(Errors.GETKEYS_INVALID_COMMAND);
            return;
        }
        if (!KeyExtractor.hasKeys(spec)) {
            out.error(Errors.GETKEYS_NO_KEY_ARGUMENTS);
            return;
        }
        if (!spec.acceptsArgc(args.length)) {
            out.error(Errors.GETKEYS_INVALID_ARGUMENT_COUNT);
            return;
        }
        if (withFlags) {
            List<KeyExtractor.KeyReference> keys = KeyExtractor.keysAndFlags(spec, args);
            if (keys.isEmpty()) {
                noKeys(out, spec);
                return;
            }
            out.arrayHeader(keys.size());
            for (KeyExtractor.KeyReference key : keys) {
                out.arrayHeader(2);
                out.bulk(args[key.position()]);
                writeKeyFlags(out, key.flags());
            }
        } else {
            int[] positions = KeyExtractor.keyPositions(spec, args);
            if (positions.length == 0) {
                noKeys(out, spec);
                return;
            }
            out.arrayHeader(positions.length);
            for (int position : positions) {
                out.bulk(args[position]);
            }
        }
    }

    private static void noKeys(RespWriter out, CommandSpec spec) {
        if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
            out.arrayHeader(0);
        } else {
            out.error(Errors.GETKEYS_INVALID_ARGUMENTS);
        }
    }

    // ------------------------------------------------------------------ HELP

    static void help(Request request) {
        request.reply().simpleArray(HELP);
    }

}
