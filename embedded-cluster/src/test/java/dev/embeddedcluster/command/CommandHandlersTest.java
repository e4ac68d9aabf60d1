package dev.embeddedcluster.command;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The command table and the handlers describe the same commands: none without the other. */
class CommandHandlersTest {

    /**
     * Handlers are registered a group at a time: registering a command's group alone must bring
     * in every handler of that group, whichever class holds it.
     */
    @Test
    void eachGroupRegisteredAloneHasEveryHandlerOfTheGroup() {
        CommandTable table = CommandTable.standard();
        CommandHandlers all = CommandHandlers.standard();
        all.names();
        Map<String, List<CommandSpec>> byGroup = new TreeMap<>();
        for (CommandSpec spec : table.all()) {
            Collection<CommandSpec> commands = spec.isContainer() ? spec.subcommands() : List.of(spec);
            for (CommandSpec command : commands) {
                byGroup.computeIfAbsent(command.group(), g -> new ArrayList<>()).add(command);
            }
        }
        assertThat(byGroup.keySet()).contains("string", "generic", "server", "connection", "cluster", "scripting");
        for (Map.Entry<String, List<CommandSpec>> group : byGroup.entrySet()) {
            CommandHandlers alone = new CommandHandlers(table);
            List<String> missing = new ArrayList<>();
            for (CommandSpec command : group.getValue()) {
                if ((alone.get(command) == null) != (all.get(command) == null)) {
                    missing.add(command.fullName());
                }
            }
            assertThat(missing).as("handlers of group %s missing when it is registered alone", group.getKey()).isEmpty();
        }
    }

    @Test
    void everySpecHasAHandlerAndEveryHandlerASpec() {
        CommandTable table = CommandTable.standard();
        CommandHandlers handlers = CommandHandlers.standard();
        List<String> specsWithoutHandler = new ArrayList<>();
        List<String> protectedButScriptable = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            Collection<CommandSpec> commands = spec.isContainer() ? spec.subcommands() : List.of(spec);
            for (CommandSpec command : commands) {
                if (command.has(CommandFlag.PROTECTED)) {
                    // refused before any handler; a script cannot call it either
                    assertThat(handlers.get(command)).as("handler of protected %s", command.fullName()).isNull();
                    if (!command.has(CommandFlag.NOSCRIPT)) {
                        protectedButScriptable.add(command.fullName());
                    }
                } else if (handlers.get(command) == null) {
                    specsWithoutHandler.add(command.fullName());
                }
            }
        }
        assertThat(specsWithoutHandler).as("commands in commands.txt that nothing executes").isEmpty();
        assertThat(protectedButScriptable).as("protected commands a script could reach").isEmpty();
        for (String name : handlers.names()) {
            assertThat(table.lookupFullName(name)).as("spec for handler %s", name).isNotNull();
        }
    }
}
