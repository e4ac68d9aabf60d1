package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.Errors;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.stats.SlowLog;
import dev.embeddedcluster.resp.RespWriter;
import dev.embeddedcluster.util.RedisNumbers;

import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/** SLOWLOG GET, LEN, RESET and HELP over the node's {@link SlowLog}. */
final class SlowlogCommand {
    private static final int DEFAULT_COUNT = 10;
    private static final List<String> HELP = List.of(
            "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET [<count>]",
            "    The <count> newest entries (10 when omitted, all for -1). Each entry holds:",
            "    its id, the unix time it was logged, how many microseconds the command ran,",
            "    the command's arguments, the client's address and the client's name.",
            "LEN",
            "    How many entries the log holds.",
            "RESET",
            "    Empties the log.",
            "HELP",
            "    This text.");

    private SlowlogCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("slowlog|get", SlowlogCommand::get);
        registry.accept("slowlog|len", r -> r.reply().integer(r.node().stats().slowLog().length()));
        registry.accept("slowlog|reset", r -> {
            r.node().stats().slowLog().reset();
            r.reply().ok();
        });
        registry.accept("slowlog|help", r -> r.reply().simpleArray(HELP));
    }

    private static void get(Request r) {
        if (r.argc() > 3) {
            r.reply().error(Errors.subcommandSyntax(r.text(1), "slowlog"));
            return;
        }
        long count = DEFAULT_COUNT;
        if (r.argc() == 3) {
            Long given = RedisNumbers.parseLong(r.arg(2));
            if (given == null || given < -1) {
                r.reply().error("ERR count should be greater than or equal to -1");
                return;
            }
            count = given;
        }
        SlowLog log = r.node().stats().slowLog();
        int n = count == -1 ? log.length() : (int) Math.min(count, log.length());
        RespWriter reply = r.reply();
        reply.arrayHeader(n);
        Iterator<SlowLog.Entry> entries = log.newestFirst();
        for (int i = 0; i < n; i++) {
            SlowLog.Entry entry = entries.next();
            reply.arrayHeader(6);
            reply.integer(entry.id());
            reply.integer(entry.unixSeconds());
            reply.integer(entry.micros());
            reply.arrayHeader(entry.args().length);
            for (byte[] arg : entry.args()) {
                reply.bulk(arg);
            }
            reply.bulk(entry.address());
            reply.bulk(entry.clientName());
        }
    }
}
