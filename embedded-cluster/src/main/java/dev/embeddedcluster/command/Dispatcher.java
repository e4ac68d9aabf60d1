package dev.embeddedcluster.command;

import dev.embeddedcluster.cluster.Route;
import dev.embeddedcluster.cluster.SlotRouter;
import dev.embeddedcluster.command.acl.AclUser;
import dev.embeddedcluster.command.server.Eviction;
import dev.embeddedcluster.command.server.NodeStats;
import dev.embeddedcluster.command.stats.CommandStats;
import dev.embeddedcluster.command.stats.LatencyMonitor;
import dev.embeddedcluster.command.transactions.Transaction;
import dev.embeddedcluster.command.transactions.TransactionCommands;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.Ascii;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs one command on its node: name and subcommand lookup, arity, authentication, cluster
 * routing from the command's key specs, then the handler. A command that runs Lua runs on the
 * node's script worker; while a script keeps the node busy, other clients' commands run at its
 * safe points, where all but a few get BUSY. Node thread only.
 */
public final class Dispatcher {
    public static final byte[] DEL = Ascii.bytes("DEL");

    private final NodeContext node;
    private final CommandTable table = CommandTable.standard();
    private final CommandHandlers handlers = CommandHandlers.standard();
    private final Predicate<byte[]> keyExists;
    private final CommandSpec exec = table.lookupFullName("exec");
    private final CommandSpec discard = table.lookupFullName("discard");
    private final CommandSpec multi = table.lookupFullName("multi");
    private final CommandSpec watch = table.lookupFullName("watch");
    private final CommandSpec quit = table.lookupFullName("quit");
    private final CommandSpec reset = table.lookupFullName("reset");
    private final CommandSpec ping = table.lookupFullName("ping");
    private final CommandSpec subscribe = table.lookupFullName("subscribe");
    private final CommandSpec unsubscribe = table.lookupFullName("unsubscribe");
    private final CommandSpec psubscribe = table.lookupFullName("psubscribe");
    private final CommandSpec punsubscribe = table.lookupFullName("punsubscribe");
    private final CommandSpec ssubscribe = table.lookupFullName("ssubscribe");
    private final CommandSpec sunsubscribe = table.lookupFullName("sunsubscribe");
    private final CommandSpec spublish = table.lookupFullName("spublish");
    private final CommandSpec migrate = table.lookupFullName("migrate");
    private final CommandSpec asking = table.lookupFullName("asking");
    private final CommandSpec eval = table.lookupFullName("eval");
    private final CommandSpec evalRo = table.lookupFullName("eval_ro");
    private final CommandSpec evalsha = table.lookupFullName("evalsha");
    private final CommandSpec evalshaRo = table.lookupFullName("evalsha_ro");
    private final CommandSpec fcall = table.lookupFullName("fcall");
    private final CommandSpec fcallRo = table.lookupFullName("fcall_ro");
    /** The commands that run Lua (EXEC too when it holds one): they run on the script worker. */
    private final Set<CommandSpec> runLua = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Those that run functions: BUSY names FUNCTION KILL while they run. */
    private final Set<CommandSpec> runFunctions = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ScriptThread worker;
    private final ClientPause pause;
    private final CommandStats commandStats;

    public Dispatcher(NodeContext node) {
        this.node = node;
        this.worker = node.worker();
        this.pause = node.clientPause();
        this.commandStats = node.stats().commands();
        this.keyExists = key -> node.keyspace().exists(key);
        for (String name : List.of("eval", "evalsha", "eval_ro", "evalsha_ro", "script|load")) {
            runLua.add(table.lookupFullName(name));
        }
        for (String name : List.of("fcall", "fcall_ro", "function|load", "function|restore")) {
            runLua.add(table.lookupFullName(name));
            runFunctions.add(table.lookupFullName(name));
        }
    }

    /**
     * Executes a client's command, replying through the request's writer; inside MULTI, queues
     * it instead (a command refused while queueing makes EXEC fail). While the node is handed to
     * the script worker, the command runs there at the script's next safe point.
     */
    public void execute(Request request, byte[][] args) {
        if (worker.handedOff()) {
            worker.runOwned(() -> execute(request, args, worker.busyError()));
            return;
        }
        if (node.replication().hasReceived()) {
            node.catchUpWithMaster();
        } else {
            // News of the topology may wait among the loop's tasks, which Netty runs after the reads.
            node.topologyChanged();
        }
        execute(request, args, null);
    }

    /** {@link #execute(Request, byte[][])} with the node busy ({@code busy}: the BUSY error) or not (null). */
    private void execute(Request request, byte[][] args, String busy) {
        Client client = request.client();
        RespWriter reply = request.reply();
        CommandSpec spec = resolve(args, reply);
        if (spec == null) {
            abortTransaction(client);
            return;
        }
        if (spec == exec && !spec.acceptsArgc(args.length)) {
            // Redis refuses EXEC itself by discarding the transaction, in EXECABORT's words
            TransactionCommands.discardTransaction(node, client);
            reply.error(Errors.execAbortBecause(Errors.wrongArity(spec.fullName()).substring("ERR ".length())));
            commandStats.rejected(spec);
            return;
        }
        client.interacted(node.clock().currentTimeMillis(), spec.fullName());
        if (!client.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            reply.error(Errors.NOAUTH);
            commandStats.rejected(spec);
            abortTransaction(client);
            return;
        }
        Transaction transaction = client.transaction();
        if (transaction != null && spec.has(CommandFlag.NO_MULTI)) {
            reply.error(Errors.NOT_IN_TRANSACTION);
            commandStats.rejected(spec);
            transaction.abort();
            return;
        }
        AclUser user = client.user();
        if (user != null && !user.unrestricted()) {
            String denied = node.acl().refusal(node, client, user, spec, args, transaction != null ? "multi" : "toplevel");
            if (denied != null) {
                reply.error(denied);
                commandStats.rejected(spec);
                abortTransaction(client);
                return;
            }
        }
        // EXEC is routed by the keys of the commands it queued (not those refused while queueing),
        // before it answers EXECABORT for a refused one, as Redis does.
        Route route = transaction != null && spec == exec ? routeTransaction(client, transaction) : route(client, spec, args);
        if (route != null && !route.isLocal()) {
            endAsking(client, spec);
            if (transaction != null) {
                if (spec == exec) {
                    TransactionCommands.discardTransaction(node, client);
                } else {
                    transaction.abort();
                }
            }
            reply.error(route.errorText());
            commandStats.rejected(spec);
            return;
        }
        Eviction eviction = node.eviction();
        if (eviction.guarded() && !eviction.makeRoom() && deniedOutOfMemory(spec, args, transaction) && eviction.confirmOutOfMemory()) {
            endAsking(client, spec);
            if (spec == exec) {
                TransactionCommands.discardTransaction(node, client);
                reply.error(Errors.execAbortBecause(Errors.OOM));
            } else {
                abortTransaction(client);
                reply.error(Errors.OOM);
            }
            commandStats.rejected(spec);
            return;
        }
        // Writes with keys were redirected above; a replica refuses the others (FLUSHALL, FUNCTION LOAD...).
        if (spec.has(CommandFlag.WRITE) && !node.isMaster()) {
            reply.error(Errors.WRITE_ON_READONLY_REPLICA);
            commandStats.rejected(spec);
            abortTransaction(client);
            return;
        }
        if (client.subscribed() && reply.protocol() == 2 && !allowedWhileSubscribed(spec)) {
            reply.error(Errors.onlyPubSubWhileSubscribed(spec.fullName()));
            commandStats.rejected(spec);
            abortTransaction(client);
            return;
        }
        if (busy != null && !spec.has(CommandFlag.ALLOW_BUSY)) {
            rejectBusy(client, spec, reply, busy);
            commandStats.rejected(spec);
            return;
        }
        if (pause.active() && pause.holds(() -> mayReplicate(spec, args, transaction))) {
            pause.postpone(client);
            return;
        }
        if (transaction != null && !controlsTransactions(spec)) {
            transaction.queue(spec, args);
            reply.simple("QUEUED");
            return;
        }
        if (spec.has(CommandFlag.NOSCRIPT) && runsLua(spec, transaction)) {
            runOnWorker(request, spec, args);
            return;
        }
        run(request, spec, args, busy != null);
    }

    /**
     * Runs an admitted command and what follows it: tracking, monitors, blocked clients it
     * serves, replication holds. A command run at a busy script's safe point ({@code nested})
     * serves no blocked client: the script has not ended.
     */
    private void run(Request request, CommandSpec spec, byte[][] args, boolean nested) {
        Client client = request.client();
        request.bind(spec, args);
        node.tracking().commandStarting(client);
        node.replication().beginUnit();
        long start = System.nanoTime();
        try {
            handlers.get(spec).execute(request);
        } catch (OutOfMemoryError tooLarge) {
            // One write larger than the heap has left (SETRANGE far out, APPEND to a huge string):
            // the JVM refused the allocation, so it is refused as over maxmemory rather than the node's thread dying.
            if (!spec.has(CommandFlag.DENYOOM) || !node.eviction().heapGuard().active()) {
                throw tooLarge;
            }
            request.reply().error(Errors.OOM);
        } finally {
            node.replication().endUnit();
        }
        ran(client, spec, args, System.nanoTime() - start);
        node.tracking().commandRan(client, spec, args);
        node.tracking().commandEnded(client, spec.isClientSubcommand());
        feedMonitors(client, spec, args);
        if (node.blockedPops().hasReady() && !nested) {
            node.blockedPops().serveReady();
        }
        endAsking(client, spec);
        if (spec.has(CommandFlag.WRITE) || spec == exec) {
            client.lastWriteOffset(node.replication().offset());
            node.replication().holdUntilReplicated(client);
        }
    }

    /** Whether the command runs Lua: a script, a function, a library load, or EXEC with one of them queued. */
    private boolean runsLua(CommandSpec spec, Transaction transaction) {
        if (spec != exec) {
            return runLua.contains(spec);
        }
        if (transaction != null) {
            for (Transaction.Queued queued : transaction.queued()) {
                if (runLua.contains(queued.spec())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs a command on the script worker, its reply written apart. When it ends within
     * busy-reply-threshold its reply joins the client's at once, as if it ran here; otherwise
     * the client is suspended and gets its reply when the command ends.
     */
    private void runOnWorker(Request request, CommandSpec spec, byte[][] args) {
        if (worker.onWorker()) {
            // Not reached: at a safe point these commands get BUSY. Were it reached, it could only run here.
            run(request, spec, args, false);
            return;
        }
        Client client = request.client();
        RespWriter output = RespWriter.pooled();
        output.protocol(request.reply().protocol());
        output.errorListener(request.reply().errorListener());
        Request onWorker = new Request(node, client, output);
        client.scriptOutput(output);
        String busy = runFunctions.contains(spec) ? Errors.BUSY_FUNCTION : Errors.BUSY_SCRIPT;
        boolean ended = false;
        try {
            ended = worker.handOff(() -> run(onWorker, spec, args, false), node.config().busyReplyThresholdMillis(),
                    busy, () -> {
                        client.scriptOutput(null);
                        client.scriptEnded(output);
                    });
        } finally {
            if (ended) {
                client.scriptOutput(null);
                request.reply().appendTaken(output);
                worker.drainPosted();
            }
        }
        if (!ended) {
            client.suspend();
        }
    }

    /**
     * BUSY for a command sent while a script keeps the node busy; EXEC gets EXECABORT with it
     * and its transaction is discarded, another command inside MULTI makes EXEC fail later.
     */
    private void rejectBusy(Client client, CommandSpec spec, RespWriter reply, String busy) {
        if (spec == exec) {
            TransactionCommands.discardTransaction(node, client);
            reply.error(Errors.execAbort(busy));
            return;
        }
        abortTransaction(client);
        reply.error(busy);
    }

    /**
     * Runs one command of an EXEC, checked when it was queued; its user's permissions are checked
     * again, since ACL SETUSER may have changed them meanwhile.
     */
    public void executeQueued(Request request, CommandSpec spec, byte[][] args) {
        Client client = request.client();
        AclUser user = client.user();
        if (user != null && !user.unrestricted()) {
            String reason = node.acl().execRefusal(node, client, user, spec, args);
            if (reason != null) {
                request.reply().error(reason);
                return;
            }
        }
        runQueued(request, spec, args);
    }

    private void runQueued(Request request, CommandSpec spec, byte[][] args) {
        request.bind(spec, args);
        long start = System.nanoTime();
        handlers.get(spec).execute(request);
        ran(request.client(), spec, args, System.nanoTime() - start);
        node.tracking().commandRan(request.client(), spec, args);
        feedMonitors(request.client(), spec, args);
    }

    /**
     * Counts a call that ran for {@code nanos}: its statistics, the latency monitor's command
     * events, and the slow log unless the command is one Redis never logs (EXEC).
     */
    private void ran(Client client, CommandSpec spec, byte[][] args, long nanos) {
        NodeStats stats = node.stats();
        stats.commands().ran(spec, nanos);
        long micros = nanos / 1000;
        LatencyMonitor latency = stats.latency();
        if (latency.thresholdMillis() > 0 && micros / 1000 >= latency.thresholdMillis()) {
            latency.sample(spec.has(CommandFlag.FAST) ? "fast-command" : "command", micros / 1000,
                    node.clock().currentTimeMillis() / 1000);
        }
        if (stats.slowLog().logs(micros) && !spec.has(CommandFlag.SKIP_SLOWLOG)) {
            String address = client.remoteAddress();
            String name = client.name();
            stats.slowLog().add(spec.fullName(), args, micros, node.clock().currentTimeMillis() / 1000,
                    address == null || address.isEmpty() ? "?:0" : address, name == null ? "" : name);
        }
    }

    private void feedMonitors(Client client, CommandSpec spec, byte[][] args) {
        if (!node.monitors().isEmpty() && !spec.has(CommandFlag.ADMIN) && !spec.has(CommandFlag.SKIP_MONITOR)) {
            node.monitors().feed(client, args, node.clock().currentTimeMicros());
        }
    }

    /**
     * Runs a command a Lua script calls (redis.call): resolves it and checks its arity as Redis
     * does for scripts, lets {@code admit} apply the script's rules (noscript, writes, cluster
     * keys), then runs the handler, whose reply goes to the request's writer. The keys it reads
     * are tracked for {@code caller}, the client that runs the script (null: none). Returns null
     * when the command ran, otherwise the error text the script receives instead.
     */
    public String executeFromScript(Request request, Client caller, byte[][] args,
                                    java.util.function.BiFunction<CommandSpec, byte[][], String> admit) {
        CommandSpec spec = table.resolve(args);
        if (spec == null || (!spec.isContainer() && !served(spec))) {
            return refusedInScript(null, Errors.SCRIPT_UNKNOWN_COMMAND);
        }
        int arity = spec.arity();
        if (spec.isContainer() || (arity > 0 ? args.length != arity : args.length < -arity)) {
            return refusedInScript(spec, Errors.SCRIPT_WRONG_ARITY);
        }
        AclUser user = caller == null ? null : caller.user();
        if (user != null && !user.unrestricted()) {
            String denied = node.acl().scriptRefusal(node, caller, user, spec, args);
            if (denied != null) {
                return refusedInScript(spec, denied);
            }
        }
        String refusal = admit.apply(spec, args);
        if (refusal != null) {
            return refusedInScript(spec, refusal);
        }
        runQueued(request, spec, args);
        if (caller != null) {
            node.tracking().commandRan(caller, spec, args);
        }
        return null;
    }

    /**
     * A command a script may not run: its error is counted now, where Redis counts it (the script
     * passes it on uncounted), with the command's rejection when it is a known one. Returns the error.
     */
    private String refusedInScript(CommandSpec spec, String refusal) {
        node.stats().errors().errorReplied(refusal.startsWith("-") ? refusal.substring(1) : "ERR " + refusal);
        if (spec != null) {
            commandStats.rejected(spec);
        } else {
            commandStats.refusedUnknown();
        }
        return refusal;
    }

    /**
     * Where a command's keys are served: null for a command without keys. Shard channels route
     * like keys (Redis finds them by the legacy key range, though their key specs say "not a
     * key"), and a replica serves them even without READONLY.
     */
    private Route route(Client client, CommandSpec spec, byte[][] args) {
        if (spec == ssubscribe || spec == sunsubscribe || spec == spublish) {
            int[] channels = new int[spec == spublish ? 1 : args.length - 1];
            for (int i = 0; i < channels.length; i++) {
                channels[i] = i + 1;
            }
            return channels.length == 0 ? null : SlotRouter.route(node.topology(), node.myself(), false, args, channels,
                    true, client.asking(), keyExists);
        }
        if (!KeyExtractor.hasKeys(spec)) {
            return null;
        }
        int[] keyPositions = KeyExtractor.keyPositions(spec, args);
        return SlotRouter.route(node.topology(), node.myself(), spec.has(CommandFlag.WRITE), args,
                keyPositions, client.readonly(), client.asking() || spec.has(CommandFlag.ASKING), keyExists, spec == migrate);
    }

    /**
     * EXEC's routing: the keys of every queued command together, as Redis checks a transaction
     * (one slot, served here), a write if any queued command writes.
     */
    private Route routeTransaction(Client client, Transaction transaction) {
        java.util.List<byte[]> keys = new java.util.ArrayList<>();
        keys.add(null);
        boolean write = false;
        for (Transaction.Queued queued : transaction.queued()) {
            write |= queued.spec().has(CommandFlag.WRITE);
            if (KeyExtractor.hasKeys(queued.spec())) {
                for (int position : KeyExtractor.keyPositions(queued.spec(), queued.args())) {
                    keys.add(queued.args()[position]);
                }
            }
        }
        if (keys.size() == 1) {
            return null;
        }
        int[] positions = new int[keys.size() - 1];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i + 1;
        }
        return SlotRouter.route(node.topology(), node.myself(), write, keys.toArray(new byte[0][]), positions,
                client.readonly(), client.asking(), keyExists);
    }

    /**
     * Whether a command is refused while the node is over maxmemory with nothing left to evict,
     * as Redis refuses: a command that may grow the dataset (denyoom, or a script whose declared
     * flags allow writes but not OOM); EXEC of a transaction holding one; and inside MULTI every
     * command but EXEC, DISCARD, QUIT and RESET, since queueing takes memory too.
     */
    private boolean deniedOutOfMemory(CommandSpec spec, byte[][] args, Transaction transaction) {
        if (transaction == null || spec == exec) {
            if (transaction == null) {
                return mayGrow(spec, args);
            }
            for (Transaction.Queued queued : transaction.queued()) {
                if (mayGrow(queued.spec(), queued.args())) {
                    return true;
                }
            }
            return false;
        }
        return spec != discard && spec != quit && spec != reset;
    }

    private boolean mayGrow(CommandSpec spec, byte[][] args) {
        if (spec.has(CommandFlag.DENYOOM)) {
            return true;
        }
        if (spec == eval || spec == evalRo) {
            return node.scripting().declaresOomDenied(args, false);
        }
        if (spec == evalsha || spec == evalshaRo) {
            return node.scripting().declaresOomDenied(args, true);
        }
        return (spec == fcall || spec == fcallRo) && node.scripting().functionOomDenied(args);
    }

    /**
     * Whether a WRITE pause holds the command back, as Redis decides: it may write or replicate
     * (PUBLISH, PFCOUNT, EVAL...), a script or function by its declared flags, EXEC by its
     * queued commands.
     */
    private boolean mayReplicate(CommandSpec spec, byte[][] args, Transaction transaction) {
        if (spec == exec && transaction != null) {
            for (Transaction.Queued queued : transaction.queued()) {
                if (mayReplicate(queued.spec(), queued.args(), null)) {
                    return true;
                }
            }
            return false;
        }
        if (spec == eval || spec == evalRo) {
            return node.scripting().scriptMayWrite(args, false, spec == evalRo);
        }
        if (spec == evalsha || spec == evalshaRo) {
            return node.scripting().scriptMayWrite(args, true, spec == evalshaRo);
        }
        if (spec == fcall || spec == fcallRo) {
            return node.scripting().functionMayWrite(args, spec == fcallRo);
        }
        return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    }

    /**
     * ASKING lasts for the next command only, or, when MULTI follows it, for the whole
     * transaction up to EXEC, as Redis keeps the flag while a client is in MULTI.
     */
    private void endAsking(Client client, CommandSpec spec) {
        if (spec != asking && client.transaction() == null) {
            client.asking(false);
        }
    }

    /** What a RESP2 client with subscriptions may still run. */
    private boolean allowedWhileSubscribed(CommandSpec spec) {
        return spec == subscribe || spec == unsubscribe || spec == psubscribe || spec == punsubscribe
                || spec == ssubscribe || spec == sunsubscribe || spec == ping || spec == quit || spec == reset;
    }

    /** EXEC, DISCARD, MULTI, WATCH, QUIT and RESET run at once inside MULTI; everything else queues. */
    private boolean controlsTransactions(CommandSpec spec) {
        return spec == exec || spec == discard || spec == multi || spec == watch || spec == quit || spec == reset;
    }

    private static void abortTransaction(Client client) {
        if (client.transaction() != null) {
            client.transaction().abort();
        }
    }

    /** Applies a command from the master's replication stream: no routing; the caller drops the replies. */
    public void executeReplicated(Request request, byte[][] args) {
        CommandSpec spec = table.resolve(args);
        if (spec == null || spec.isContainer()) {
            return;
        }
        request.bind(spec, args);
        long start = System.nanoTime();
        handlers.get(spec).execute(request);
        // A replica counts its master's commands as Redis's replicas do (INFO commandstats, slow log).
        ran(request.client(), spec, args, System.nanoTime() - start);
    }

    /** The spec for a command and its subcommand, or null after replying the error Redis gives. */
    private CommandSpec resolve(byte[][] args, RespWriter reply) {
        CommandSpec spec = table.lookup(args[0]);
        if (spec == null || (!spec.isContainer() && !served(spec))) {
            latin1Error(reply, unknownCommand(args));
            commandStats.refusedUnknown();
            return null;
        }
        if (spec.isContainer()) {
            if (args.length < 2) {
                if (handlers.get(spec) == null) {
                    reply.error(Errors.wrongArity(spec.fullName()));
                    commandStats.rejected(spec);
                    return null;
                }
                return spec;
            }
            CommandSpec sub = spec.subcommand(args[1]);
            if (sub == null || !served(sub)) {
                latin1Error(reply, Errors.unknownSubcommand(text(args[1]), spec.fullName()));
                commandStats.refusedUnknown();
                return null;
            }
            spec = sub;
        }
        int arity = spec.arity();
        if (spec != exec && (arity > 0 ? args.length != arity : args.length < -arity)) {
            reply.error(Errors.wrongArity(spec.fullName()));
            commandStats.rejected(spec);
            return null;
        }
        if (spec.has(CommandFlag.PROTECTED)) {
            String command = spec.fullName().split("\\|", 2)[0];
            reply.error(Errors.protectedCommand(command.toUpperCase(Locale.ROOT), "enable-" + command + "-command"));
            commandStats.rejected(spec);
            return null;
        }
        return spec;
    }

    /**
     * Whether the command is one we serve: it has a handler, or it is protected (DEBUG, MODULE
     * LOAD...), which a Redis 7.0 server knows but refuses in its default configuration.
     */
    private boolean served(CommandSpec spec) {
        return handlers.get(spec) != null || spec.has(CommandFlag.PROTECTED);
    }

    private static String unknownCommand(byte[][] args) {
        StringBuilder beginning = new StringBuilder();
        for (int i = 1; i < args.length && beginning.length() < 128; i++) {
            String arg = text(args[i]);
            int room = 128 - beginning.length();
            beginning.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
        }
        String name = text(args[0]);
        return Errors.unknownCommand(name, beginning.toString());
    }

    /** An argument as Redis's errors show it ("%s"): its bytes up to a NUL. */
    private static String text(byte[] bytes) {
        return Request.cString(bytes);
    }

    /** An error holding arguments as {@link #text} gives them, written byte for byte. */
    private static void latin1Error(RespWriter reply, String text) {
        reply.rawError(Errors.sanitize(text).getBytes(StandardCharsets.ISO_8859_1), true);
    }
}
