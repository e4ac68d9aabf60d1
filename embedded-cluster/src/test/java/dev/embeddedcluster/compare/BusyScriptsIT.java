package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scripts that run past busy-reply-threshold, against a real redis-server 7.0: what other
 * clients get meanwhile (BUSY, or the few commands Redis lets through), SCRIPT KILL and FUNCTION
 * KILL with NOTBUSY, UNKILLABLE and the killed caller's error, for EVAL, FCALL and EXEC.
 */
class BusyScriptsIT extends ComparisonSupport {
    private static final String SPIN = "while true do end";
    /**
     * Writes, then runs for 2 s of server time (long enough for the kills to come first on a loaded
     * machine): it cannot be killed, and ends by itself.
     */
    private static final String WRITE_THEN_SPIN = "redis.call('SET', KEYS[1], 'v') "
            + "local t = redis.call('TIME') local deadline = t[1] * 1000000 + t[2] + 2000000 "
            + "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] > deadline return 'done'";
    private static final String LIBRARY = "#!lua name=busylib\n"
            + "redis.register_function('spin', function() while true do end end)\n"
            + "redis.register_function{function_name='spin_ro', callback=function() while true do end end, flags={'no-writes'}}";

    @AfterEach
    void thresholdBack() {
        both("CONFIG", "SET", "busy-reply-threshold", "5000");
    }

    @Test
    void thresholdIsConfigurableUnderBothNames() {
        script("CONFIG GET busy-reply-threshold", "CONFIG GET lua-time-limit", "CONFIG SET lua-time-limit 250",
                "CONFIG GET busy-reply-threshold", "CONFIG GET lua-time-limit", "CONFIG SET busy-reply-threshold 300",
                "CONFIG GET lua-time-limit", "CONFIG SET busy-reply-threshold -1", "CONFIG SET lua-time-limit abc",
                "CONFIG SET busy-reply-threshold 100 lua-time-limit 200", "CONFIG GET busy-reply-threshold");
        same3("CONFIG", "GET", "lua-time-limit");
    }

    @Test
    void withNoScriptRunningKillAnswersNotBusy() {
        script("SCRIPT KILL", "FUNCTION KILL", "SCRIPT KILL now", "FUNCTION STATS");
        same3("FUNCTION", "STATS");
    }

    @Test
    void othersGetBusyUntilScriptKillEndsTheScript() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient other = connect.get(); RespClient resp3 = connect.get()) {
                busyAfter100ms(other);
                resp3.call("HELLO", "3");
                caller.send("EVAL", SPIN, "0");
                caller.send("PING");
                awaitBusy(other);
                for (String[] command : List.of(cmd("GET {k}a"), cmd("SET {k}a 1"), cmd("PING"), cmd("ECHO hi"),
                        cmd("NOSUCH x"), cmd("GET"), cmd("SCRIPT KILL extra"), cmd("SCRIPT NOPE"), cmd("CLIENT LIST"),
                        cmd("SCRIPT LOAD return"), cmd("EVAL return 0"), cmd("CONFIG GET hz"), cmd("SELECT 1"),
                        cmd("FUNCTION STATS"), cmd("FUNCTION KILL"), cmd("AUTH pw"), cmd("AUTH default pw"),
                        cmd("WATCH {k}a"), cmd("UNWATCH"), cmd("EXEC"), cmd("DISCARD"), cmd("READONLY"))) {
                    t.add(String.join(" ", command) + " -> " + other.call(command));
                }
                t.add(resp3.call("GET", "{k}a"));
                t.add(resp3.call("RESET"));
                try (RespClient quitter = connect.get()) {
                    t.add(quitter.call("QUIT"));
                    t.add("closed after QUIT: " + quitter.closedByServer());
                }
                t.add(other.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
                t.add(caller.readReply());
                t.add(other.call("SCRIPT", "KILL"));
                t.add(other.call("PING"));
            }
        });
    }

    @Test
    void aTransactionOpenedBeforeOrDuringTheBusyTimeIsDiscarded() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient before = connect.get(); RespClient during = connect.get()) {
                busyAfter100ms(during);
                t.add(before.call("MULTI"));
                t.add(before.call("SET", "{k}x", "1"));
                caller.send("EVAL", SPIN, "0");
                awaitBusy(during);
                t.add(during.call("MULTI"));
                t.add(during.call("SET", "{k}y", "1"));
                t.add(during.call("MULTI"));
                t.add(before.call("GET", "{k}x"));
                t.add(during.call("DISCARD"));
                t.add(during.call("MULTI"));
                t.add(during.call("EXEC"));
                t.add(during.call("EXEC"));
                t.add(during.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
                t.add(before.call("EXEC"));
                t.add(during.call("EXISTS", "{k}x", "{k}y"));
            }
        });
    }

    @Test
    void functionKillStopsAFunctionAndEachKillRefusesTheOtherKind() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient other = connect.get(); RespClient resp3 = connect.get()) {
                busyAfter100ms(other);
                resp3.call("HELLO", "3");
                t.add(other.call("FUNCTION", "LOAD", "REPLACE", LIBRARY));
                caller.send("FCALL", "spin", "0");
                awaitBusy(other);
                t.add(other.call("GET", "{k}a"));
                t.add(withoutDuration(other.call("FUNCTION", "STATS")));
                t.add(withoutDuration(resp3.call("FUNCTION", "STATS")));
                t.add(other.call("SCRIPT", "KILL"));
                t.add(other.call("FUNCTION", "KILL"));
                t.add(caller.readReply());
                caller.send("FCALL_RO", "spin_ro", "0");
                awaitBusy(other);
                t.add(other.call("FUNCTION", "KILL"));
                t.add(caller.readReply());
                caller.send("EVAL", SPIN, "0");
                awaitBusy(other);
                t.add(other.call("FUNCTION", "STATS"));
                t.add(other.call("FUNCTION", "KILL"));
                t.add(other.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
                t.add(other.call("FUNCTION", "DELETE", "busylib"));
            }
        });
    }

    /**
     * As in Redis, pcall, xpcall and coroutine.resume catch the kill: the script goes on until
     * its next line (after pcall) or its next safe point (after a coroutine), and a coroutine's
     * loop can be killed at all.
     */
    @Test
    void aCaughtKillEndsTheScriptAtItsNextLineOrSafePoint() throws Exception {
        List<String> scripts = List.of(
                "local ok, e = pcall(function() " + SPIN + " end) redis.call('SET', KEYS[1], 'same line') return {tostring(ok), e}",
                "local ok, e = pcall(function() " + SPIN + " end)\nredis.call('SET', KEYS[1], 'next line') return 'not reached'",
                "local ok, e = pcall(function()\n" + SPIN + "\nend) return {tostring(ok), e}",
                "local ok, e = xpcall(function() " + SPIN + " end, function(err) return type(err) .. ': ' .. err.err end) return {tostring(ok), e}",
                "local co = coroutine.create(function() " + SPIN + " end) local ok, e = coroutine.resume(co)\n"
                        + "redis.call('SET', KEYS[1], type(e)) return {tostring(ok), e.err, coroutine.status(co)}",
                "local co = coroutine.create(function() " + SPIN + " end) coroutine.resume(co)\nfor i = 1, 300000 do end return 'not reached'",
                "local gen = coroutine.wrap(function() " + SPIN + " end) return gen()");
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient other = connect.get()) {
                busyAfter100ms(other);
                for (String script : scripts) {
                    caller.send("EVAL", script, "1", "{k}caught");
                    awaitBusy(other);
                    t.add(other.call("SCRIPT", "KILL"));
                    t.add(caller.readReply());
                    t.add(other.call("GET", "{k}caught"));
                }
                t.add(other.call("DEL", "{k}caught"));
            }
        });
    }

    @Test
    void aScriptThatWroteIsUnkillableAndEndsByItself() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient other = connect.get()) {
                busyAfter100ms(other);
                caller.send("EVAL", WRITE_THEN_SPIN, "1", "{k}w");
                awaitBusy(other);
                t.add(other.call("SCRIPT", "KILL"));
                t.add(other.call("FUNCTION", "KILL"));
                t.add(other.call("GET", "{k}w"));
                t.add(caller.readReply());
                t.add(other.call("GET", "{k}w"));
            }
        });
    }

    @Test
    void theCallersPipelineAndTranscationsGoOnAfterTheKill() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient other = connect.get()) {
                busyAfter100ms(other);
                t.add(caller.call("SET", "{k}p", "before"));
                caller.send("EVAL_RO", SPIN, "1", "{k}p");
                caller.send("GET", "{k}p");
                caller.send("INCR", "{k}n");
                awaitBusy(other);
                t.add(other.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
                t.add(caller.readReply());
                t.add(caller.readReply());
                t.add(caller.call("MULTI"));
                t.add(caller.call("SET", "{k}p", "in-multi"));
                t.add(caller.call("EVAL", SPIN, "0"));
                t.add(caller.call("GET", "{k}p"));
                caller.send("EXEC");
                awaitBusy(other);
                t.add(other.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
                caller.call("HELLO", "3");
                caller.send("EVAL", SPIN, "0");
                awaitBusy(other);
                t.add(other.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
            }
        });
    }

    @Test
    void subscribersAndBlockedClientsWaitForTheScript() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient caller = connect.get(); RespClient other = connect.get(); RespClient subscriber = connect.get();
                 RespClient blocked = connect.get()) {
                busyAfter100ms(other);
                t.add(subscriber.call("SUBSCRIBE", "news"));
                blocked.send("BLPOP", "{k}none", "0.3");
                await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                        .until(() -> other.call("INFO", "clients").contains("blocked_clients:1"));
                caller.send("EVAL", "redis.call('PUBLISH', 'news', 'from-script') " + SPIN, "0");
                awaitBusy(other);
                t.add(subscriber.readReply());
                t.add(subscriber.call("PING"));
                t.add(subscriber.call("GET", "{k}a"));
                Thread.sleep(400);
                // The blocked client's timeout passed during the script: it is answered after it.
                t.add("blocked client answered while busy: " + blocked.replyWithin(100));
                t.add(other.call("SCRIPT", "KILL"));
                t.add(caller.readReply());
                t.add(blocked.readReply());
                t.add(subscriber.call("PING"));
            }
        });
    }

    private static void busyAfter100ms(RespClient client) {
        client.call("CONFIG", "SET", "busy-reply-threshold", "100");
    }

    /** FUNCTION STATS with its duration_ms left out: the two servers ran the function for different times. */
    private static String withoutDuration(String reply) {
        assertThat(reply).contains("duration_ms");
        return reply.replaceAll("(duration_ms\r\n):\\d+", "$1:<ms>");
    }
}
