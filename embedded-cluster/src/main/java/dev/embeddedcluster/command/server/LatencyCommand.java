package dev.embeddedcluster.command.server;

import dev.embeddedcluster.command.CommandHandler;
import dev.embeddedcluster.command.CommandSpec;
import dev.embeddedcluster.command.CommandTable;
import dev.embeddedcluster.command.Request;
import dev.embeddedcluster.command.stats.CommandStats;
import dev.embeddedcluster.command.stats.LatencyMonitor;
import dev.embeddedcluster.resp.RespWriter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * LATENCY LATEST, HISTORY, RESET, GRAPH, DOCTOR, HISTOGRAM and HELP over the node's
 * {@link LatencyMonitor} and its per-command histograms.
 */
final class LatencyCommand {
    private static final List<String> HELP = List.of(
            "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR",
            "    A report, in words, on the latency spikes seen.",
            "GRAPH <event>",
            "    The samples of <event> drawn as text.",
            "HISTORY <event>",
            "    The samples of <event>: their times and latencies.",
            "LATEST",
            "    The latest sample of each event.",
            "RESET [<event> ...]",
            "    Forgets the samples of the events named.",
            "    (all events when none is named)",
            "HISTOGRAM [COMMAND ...]",
            "    The distribution of the latencies of the commands named, cumulative by powers of two.",
            "    (all commands with samples when none is named)",
            "HELP",
            "    This text.");

    private LatencyCommand() {
    }

    static void register(BiConsumer<String, CommandHandler> registry) {
        registry.accept("latency|latest", LatencyCommand::latest);
        registry.accept("latency|history", LatencyCommand::history);
        registry.accept("latency|reset", LatencyCommand::reset);
        registry.accept("latency|graph", LatencyCommand::graph);
        registry.accept("latency|doctor", r -> r.reply().verbatim(LatencyDoctor.report(r.node().stats().latency(),
                Long.parseLong(r.node().config().get("slowlog-log-slower-than")))));
        registry.accept("latency|histogram", LatencyCommand::histogram);
        registry.accept("latency|help", r -> r.reply().simpleArray(HELP));
    }

    private static void latest(Request r) {
        Map<String, LatencyMonitor.Event> events = r.node().stats().latency().events();
        RespWriter reply = r.reply();
        reply.arrayHeader(events.size());
        events.forEach((name, event) -> {
            reply.arrayHeader(4);
            reply.bulk(name);
            reply.integer(event.latest().unixSeconds());
            reply.integer(event.latest().millis());
            reply.integer(event.max());
        });
    }

    private static void history(Request r) {
        LatencyMonitor.Event event = r.node().stats().latency().events().get(r.text(2));
        RespWriter reply = r.reply();
        if (event == null) {
            reply.arrayHeader(0);
            return;
        }
        reply.arrayHeader(event.samples().size());
        for (LatencyMonitor.Sample sample : event.samples()) {
            reply.arrayHeader(2);
            reply.integer(sample.unixSeconds());
            reply.integer(sample.millis());
        }
    }

    private static void reset(Request r) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < r.argc(); i++) {
            names.add(r.text(i));
        }
        r.reply().integer(r.node().stats().latency().reset(names));
    }

    private static void graph(Request r) {
        String name = r.text(2);
        LatencyMonitor.Event event = r.node().stats().latency().events().get(name);
        if (event == null) {
            r.latin1Error("ERR No samples available for event '" + r.cString(2) + "'");
            return;
        }
        r.reply().verbatim(LatencyGraph.draw(name, event, r.node().clock().currentTimeMillis() / 1000));
    }

    /**
     * The histograms of the commands named (a container stands for its subcommands; unknown
     * names and commands without samples are left out), or of all commands with samples.
     */
    private static void histogram(Request r) {
        CommandStats stats = r.node().stats().commands();
        Set<CommandSpec> wanted = new LinkedHashSet<>();
        if (r.argc() == 2) {
            wanted.addAll(stats.tracked());
        } else {
            CommandTable table = CommandTable.standard();
            for (int i = 2; i < r.argc(); i++) {
                CommandSpec spec = table.lookupFullName(r.text(i).toLowerCase(Locale.ROOT));
                if (spec != null && spec.isContainer()) {
                    wanted.addAll(spec.subcommands());
                } else if (spec != null) {
                    wanted.add(spec);
                }
            }
        }
        List<CommandStats.Histogram> histograms = new ArrayList<>();
        for (CommandSpec spec : wanted) {
            CommandStats.Histogram histogram = stats.histogram(spec);
            if (histogram != null) {
                histograms.add(histogram);
            }
        }
        RespWriter reply = r.reply();
        reply.mapHeader(histograms.size());
        for (CommandStats.Histogram histogram : histograms) {
            reply.bulk(histogram.name());
            reply.mapHeader(2);
            reply.bulk("calls");
            reply.integer(histogram.calls());
            reply.bulk("histogram_usec");
            long[] levels = histogram.levels();
            reply.mapHeader(levels.length / 2);
            for (int i = 0; i < levels.length; i += 2) {
                reply.integer(levels[i]);
                reply.integer(levels[i + 1]);
            }
        }
    }
}
