package dev.embeddedcluster.command.scripting;

import dev.embeddedcluster.cluster.Route;
import dev.embeddedcluster.cluster.SlotRouter;
import dev.embeddedcluster.command.CommandFlag;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.KeyExtractor;
import dev.embeddedcluster.command.NodeContext;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.keyspace.KeySlot;
import dev.embeddedcluster.util.Ascii;


/**
 * One execution of a script (Redis's scriptRunCtx): the client that ran it, what it may do, and
 * what it did so far (whether it wrote, whether SCRIPT KILL or FUNCTION KILL asked it to stop).
 * Decides whether each command the script calls may run (script.c's scriptCall checks), in
 * Redis's order. Used on the script worker only.
 */
final class ScriptRun {
    private final Request caller;
    private final boolean eval;
    private final String name;
    private final boolean readOnly;
    private final boolean allowCrossSlot;
    private final boolean allowOom;
    private final long startNanos = System.nanoTime();
    private int slot;
    private int protocol = 2;
    private boolean wrote;
    private boolean killed;

    ScriptRun(Request caller, boolean eval, String name, boolean readOnly, boolean allowCrossSlot, int slot,
              boolean allowOom) {
        this.caller = caller;
        this.eval = eval;
        this.name = name;
        this.readOnly = readOnly;
        this.allowCrossSlot = allowCrossSlot;
        this.slot = slot;
        this.allowOom = allowOom;
    }

    /** Whether this is an EVAL script (SCRIPT KILL stops it) rather than a function (FUNCTION KILL does). */
    boolean eval() {
        return eval;
    }

    /** Whether the script has called a write command: it can no longer be killed. */
    boolean wrote() {
        return wrote;
    }

    boolean killed() {
        return killed;
    }

    /** SCRIPT KILL or FUNCTION KILL: the script stops at its next safe point. */
    void kill() {
        killed = true;
    }

    /** How long the script has run, in milliseconds (FUNCTION STATS). */
    long durationMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    Request caller() {
        return caller;
    }

    /** What errors name the script by: an EVAL script's SHA1, a function's name. */
    String name() {
        return name;
    }

    /** The RESP version the script reads replies in (redis.setresp). */
    int protocol() {
        return protocol;
    }

    void protocol(int protocol) {
        this.protocol = protocol;
    }

    /** XREAD and XREADGROUP refuse their BLOCK option inside scripts (t_stream.c). */
    private static boolean blocksStreams(CommandSpec spec, byte[][] args) {
        if (!spec.fullName().equals("xread") && !spec.fullName().equals("xreadgroup")) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            if (Ascii.equalsIgnoreCase(args[i], "streams")) {
                return false;
            }
            if (Ascii.equalsIgnoreCase(args[i], "block")) {
                return true;
            }
        }
        return false;
    }

    /** Null when the script may run this command now, otherwise the error it gets. */
    String admit(CommandSpec spec, byte[][] args) {
        if (spec.has(CommandFlag.NOSCRIPT)) {
            return Errors.SCRIPT_FORBIDDEN_COMMAND;
        }
        if (blocksStreams(spec, args)) {
            return spec.fullName() + " command is not allowed with BLOCK option from scripts";
        }
        boolean write = spec.has(CommandFlag.WRITE);
        if (readOnly && (write || spec.has(CommandFlag.MAY_REPLICATE))) {
            return Errors.SCRIPT_READ_ONLY;
        }
        NodeContext node = caller.node();
        if (write && !wrote && !node.isMaster()) {
            return "-" + Errors.WRITE_ON_READONLY_REPLICA;
        }
        // Over maxmemory when the script started, it may not begin growing the dataset; once it
        // wrote, it is not stopped halfway.
        if (spec.has(CommandFlag.DENYOOM) && !wrote && !allowOom && node.eviction().outOfMemory()) {
            return "-" + Errors.OOM;
        }
        if (write) {
            wrote = true;
        }
        if (!KeyExtractor.hasKeys(spec)) {
            return null;
        }
        int[] positions = KeyExtractor.keyPositions(spec, args);
        if (positions.length == 0) {
            return null;
        }
        Route route = SlotRouter.route(node.topology(), node.myself(), write, args, positions,
                caller.client().readonly(), caller.client().asking(), key -> node.keyspace().exists(key));
        if (!route.isLocal()) {
            return route.kind() == Route.Kind.CLUSTERDOWN_STATE ? Errors.SCRIPT_CLUSTER_DOWN : Errors.SCRIPT_NON_LOCAL_KEY;
        }
        if (!allowCrossSlot) {
            int keySlot = KeySlot.of(args[positions[0]]);
            if (slot == -1) {
                slot = keySlot;
            } else if (slot != keySlot) {
                return Errors.SCRIPT_CROSS_SLOT;
            }
        }
        return null;
    }
}
