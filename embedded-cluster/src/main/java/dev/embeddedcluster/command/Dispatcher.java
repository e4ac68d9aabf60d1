package dev.embeddedcluster.command;

import dev.embeddedcluster.cluster.Route;
import dev.embeddedcluster.cluster.SlotRouter;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.server.ClientSession;
import dev.embeddedcluster.server.Node;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Runs one command on its node: name and subcommand lookup, arity, authentication, cluster
 * routing from the command's key specs, then the handler. Node thread only.
 */
public final class Dispatcher {
    public static final byte[] DEL = Ascii.bytes("DEL");

    private final Node node;
    private final CommandTable table = CommandTable.standard();
    private final CommandHandlers handlers = CommandHandlers.standard();
    private final Predicate<byte[]> keyExists;

    public Dispatcher(Node node) {
        this.node = node;
        this.keyExists = key -> node.keyspace().exists(key);
    }

    /** Executes a client's command, replying through the request's writer. */
    public void execute(Request request, byte[][] args) {
        ClientSession client = request.client();
        RespWriter reply = request.reply();
        node.stats().commandsProcessed++;
        CommandSpec spec = resolve(args, reply);
        if (spec == null) {
            return;
        }
        client.interacted(node.clock().currentTimeMillis(), spec.fullName());
        if (!client.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            reply.error(Errors.NOAUTH);
            return;
        }
        if (KeyExtractor.hasKeys(spec)) {
            int[] keyPositions = KeyExtractor.keyPositions(spec, args);
            Route route = SlotRouter.route(node.topology(), node.myself(), spec.has(CommandFlag.WRITE), args,
                    keyPositions, client.readonly(), client.asking() || spec.has(CommandFlag.ASKING),
                    keyExists);
            if (!route.isLocal()) {
                client.asking(false);
                reply.error(route.errorText());
                return;
            }
        }
        request.bind(spec, args);
        handlers.get(spec).execute(request);
        if (node.blockedPops().hasReady()) {
            node.blockedPops().serveReady();
        }
        if (!spec.has(CommandFlag.ASKING)) {
            client.asking(false);
        }
        if (spec.has(CommandFlag.WRITE)) {
            client.lastWriteOffset(node.replication().offset());
            node.replication().holdUntilReplicated(client);
        }
    }

    /** Applies a command from the master's replication stream: no routing; the caller drops the replies. */
    public void executeReplicated(Request request, byte[][] args) {
        CommandSpec spec = table.lookup(args[0]);
        if (spec != null && spec.isContainer()) {
            spec = args.length > 1 ? spec.subcommand(args[1]) : null;
        }
        if (spec == null) {
            return;
        }
        request.bind(spec, args);
        handlers.get(spec).execute(request);
    }

    /** The spec for a command and its subcommand, or null after replying the error Redis gives. */
    private CommandSpec resolve(byte[][] args, RespWriter reply) {
        CommandSpec spec = table.lookup(args[0]);
        if (spec == null || (!spec.isContainer() && handlers.get(spec) == null)) {
            reply.error(unknownCommand(args));
            return null;
        }
        if (spec.isContainer()) {
            if (args.length < 2) {
                if (handlers.get(spec) == null) {
                    reply.error(Errors.wrongArity(spec.fullName()));
                    return null;
                }
                return spec;
            }
            CommandSpec sub = spec.subcommand(args[1]);
            if (sub == null || handlers.get(sub) == null) {
                reply.error(Errors.sanitize(Errors.unknownSubcommand(text(args[1]), spec.fullName())));
                return null;
            }
            spec = sub;
        }
        int arity = spec.arity();
        if (arity > 0 ? args.length != arity : args.length < -arity) {
            reply.error(Errors.wrongArity(spec.fullName()));
            return null;
        }
        return spec;
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

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
