package dev.embeddedcluster.command;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command table and the handlers describe the same commands: none without the other. */
class CommandHandlersTest {

    @Test
    void everySpecHasAHandlerAndEveryHandlerASpec() {
        CommandTable table = CommandTable.standard();
        CommandHandlers handlers = CommandHandlers.standard();
        List<String> specsWithoutHandler = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            if (!spec.isContainer() && handlers.get(spec) == null) {
                specsWithoutHandler.add(spec.fullName());
            }
            for (CommandSpec sub : spec.subcommands()) {
                if (handlers.get(sub) == null) {
                    specsWithoutHandler.add(sub.fullName());
                }
            }
        }
        assertThat(specsWithoutHandler).as("commands in commands.txt that nothing executes").isEmpty();
        for (String name : handlers.names()) {
            assertThat(table.lookupFullName(name)).as("spec for handler %s", name).isNotNull();
        }
    }
}
