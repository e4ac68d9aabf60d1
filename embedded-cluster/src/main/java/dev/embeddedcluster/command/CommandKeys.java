package dev.embeddedcluster.command;

import java.util.ArrayList;
import java.util.List;

/** The keys a full command (name, subcommand, arguments) names, found from the command table. */
public final class CommandKeys {
    private CommandKeys() {
    }

    public static List<byte[]> of(byte[][] command) {
        CommandSpec spec = CommandTable.standard().resolve(command);
        List<byte[]> keys = new ArrayList<>();
        if (spec != null && !spec.isContainer() && KeyExtractor.hasKeys(spec)) {
            for (int position : KeyExtractor.keyPositions(spec, command)) {
                keys.add(command[position]);
            }
        }
        return keys;
    }
}
