package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * SHUTDOWN's refusals against a real redis-server 7.0: option errors, ABORT with no shutdown in
 * progress, MULTI and scripts, a busy script, shutdown-timeout. Only refusals: a SHUTDOWN that
 * succeeds would stop the reference server (see {@code e2e.ShutdownClusterIT} for those).
 */
class ShutdownIT extends ComparisonSupport {
    private static final String SPIN = "while true do end";
    private static final String LIBRARY = "#!lua name=shutdownlib\n"
            + "redis.register_function('spin', function() while true do end end)";

    @AfterEach
    void configBack() {
        both("CONFIG", "SET", "busy-reply-threshold", "5000");
        both("CONFIG", "SET", "shutdown-timeout", "10");
    }

    @Test
    void optionsOutsideTheGrammarAreSyntaxErrors() {
        script("SHUTDOWN bogus", "SHUTDOWN nosave save", "SHUTDOWN save nosave", "SHUTDOWN save save nosave",
                "SHUTDOWN abort now", "SHUTDOWN now abort", "SHUTDOWN force abort", "SHUTDOWN abort nosave save",
                "SHUTDOWN abort bogus", "SHUTDOWN nosave bogus", "SHUTDOWN now now bogus", "SHUTDOWN save abort");
        same("SHUTDOWN", "");
        same3("SHUTDOWN", "NOSAVE", "SAVE");
    }

    @Test
    void abortWithNoShutdownInProgress() {
        script("SHUTDOWN abort", "SHUTDOWN ABORT", "SHUTDOWN abort abort", "PING");
        same3("SHUTDOWN", "ABORT");
    }

    @Test
    void notAllowedInsideATransaction() {
        script("MULTI", "SHUTDOWN nosave", "EXEC", "MULTI", "SHUTDOWN bogus", "EXEC", "MULTI", "SET {k}a 1",
                "SHUTDOWN abort", "SET {k}b 1", "EXEC", "EXISTS {k}a {k}b", "MULTI", "SHUTDOWN", "DISCARD");
    }

    @Test
    void notAllowedFromAScript() {
        script("FUNCTION FLUSH");
        same("EVAL", "return redis.call('shutdown', 'nosave')", "0");
        same("EVAL", "return redis.pcall('shutdown', 'abort')", "0");
        same("EVAL", "return redis.pcall('shutdown', 'bogus')", "0");
        same("EVAL", "return redis.pcall('shutdown')", "0");
        same3("EVAL", "return redis.pcall('shutdown', 'now')", "0");
    }

    @Test
    void shutdownTimeoutIsASettingInSeconds() {
        script("CONFIG GET shutdown-timeout", "CONFIG SET shutdown-timeout 3", "CONFIG GET shutdown-timeout",
                "CONFIG SET shutdown-timeout 0", "CONFIG SET shutdown-timeout -1", "CONFIG SET shutdown-timeout abc",
                "CONFIG SET shutdown-timeout 2147483648", "CONFIG SET shutdown-timeout 2147483647",
                "CONFIG GET shutdown-timeout");
    }

    @Test
    void aBusyScriptLetsOnlyNosaveThrough() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient other = connect.get()) {
                other.call("CONFIG", "SET", "busy-reply-threshold", "100");
                caller.send("EVAL", SPIN, "0");
                awaitBusy(other);
                for (String[] command : List.of(cmd("SHUTDOWN"), cmd("SHUTDOWN SAVE"), cmd("SHUTDOWN NOW"),
                        cmd("SHUTDOWN FORCE"), cmd("SHUTDOWN SAVE NOW FORCE"), cmd("SHUTDOWN ABORT"),
                        cmd("SHUTDOWN NOSAVE SAVE"), cmd("SHUTDOWN BOGUS"), cmd("PING"))) {
                    t.add(String.join(" ", command) + " -> " + other.call(command));
                }
                t.add(other.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
                t.add(other.call("FUNCTION", "LOAD", "REPLACE", LIBRARY));
                caller.send("FCALL", "spin", "0");
                awaitBusy(other);
                t.add(other.call("SHUTDOWN"));
                t.add(other.call("SHUTDOWN", "ABORT"));
                t.add(other.call("FUNCTION", "KILL"));
                t.add(caller.readReply());
                t.add(other.call("FUNCTION", "DELETE", "shutdownlib"));
            }
        });
    }
}
