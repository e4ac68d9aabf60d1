package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

/** MULTI, EXEC, DISCARD, WATCH and UNWATCH against a real redis-server (in cluster mode). */
class TransactionsIT extends ComparisonSupport {

    @Test
    void queuedCommandsRunTogether() {
        script("MULTI", "SET {t}a 1", "INCR {t}a", "GET {t}a", "EXEC", "MULTI", "EXEC", "EXEC", "DISCARD", "MULTI", "MULTI",
                "SET {t}b 1", "DISCARD", "EXISTS {t}b", "MULTI", "SET {t}a x", "INCR {t}a", "GET {t}a", "EXEC",
                "MULTI", "PING", "ECHO hi", "EXEC");
        same3("MULTI");
        same3("SET", "{t}c", "1");
        same3("HSET", "{t}h", "f", "v");
        same3("HGETALL", "{t}h");
        same3("ZADD", "{t}z", "1.5", "m");
        same3("ZSCORE", "{t}z", "m");
        same3("EXEC");
    }

    @Test
    void errorsWhileQueueingAbortTheTransaction() {
        script("MULTI", "SET {e}a 1", "NOSUCHCOMMAND x", "EXEC", "EXISTS {e}a", "MULTI", "SET {e}a", "INCR {e}a", "EXEC",
                "MULTI", "WATCH {e}a", "SET {e}a 1", "EXEC", "GET {e}a", "MULTI", "CONFIG FOO", "EXEC", "MULTI", "MULTI",
                "SET {e}b 2", "EXEC", "GET {e}b");
    }

    @Test
    void aTransactionMustStayInOneSlot() {
        script("MULTI", "SET a 1", "SET b 2", "EXEC", "EXEC", "EXISTS a", "MULTI", "SET {s}a 1", "GET {s}b", "EXEC",
                "MULTI", "MGET a b", "EXEC", "EXEC");
    }

    @Test
    void blockingCommandsAnswerAtOnceInsideExec() {
        script("MULTI", "BLPOP {b}l 0", "BRPOPLPUSH {b}l {b}m 0", "BZPOPMIN {b}z 0", "BLMPOP 0 1 {b}l LEFT",
                "XREAD BLOCK 0 STREAMS {b}s $", "RPUSH {b}l x", "BLPOP {b}l 0", "EXEC");
    }

    @Test
    void watchedKeysChangedByAnotherClientFailTheTransaction() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient a = connect.get(); RespClient b = connect.get()) {
                t.add(a.call("SET", "{w}k", "1"));
                t.add(a.call("WATCH", "{w}k", "{w}other"));
                t.add(b.call("INCR", "{w}k"));
                t.add(a.call("MULTI"));
                t.add(a.call("SET", "{w}k", "from-a"));
                t.add(a.call("EXEC"));
                t.add(a.call("GET", "{w}k"));
                t.add(a.call("WATCH", "{w}k"));
                t.add(b.call("GET", "{w}k"));
                t.add(a.call("MULTI"));
                t.add(a.call("SET", "{w}k", "from-a"));
                t.add(a.call("EXEC"));
                t.add(a.call("WATCH", "{w}missing"));
                t.add(b.call("SET", "{w}missing", "now"));
                t.add(a.call("MULTI"));
                t.add(a.call("EXEC"));
                t.add(a.call("WATCH", "{w}k"));
                t.add(b.call("SET", "{w}k", "again"));
                t.add(a.call("UNWATCH"));
                t.add(a.call("MULTI"));
                t.add(a.call("GET", "{w}k"));
                t.add(a.call("EXEC"));
                t.add(a.call("WATCH", "{w}k"));
                t.add(a.call("DEL", "{w}k"));
                t.add(a.call("MULTI"));
                t.add(a.call("EXEC"));
            }
        });
    }

    @Test
    void flushesExpiriesAndResetsReachWatchers() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient a = connect.get(); RespClient b = connect.get()) {
                t.add(a.call("SET", "{f}k", "1"));
                t.add(a.call("WATCH", "{f}k"));
                t.add(b.call("FLUSHALL"));
                t.add(a.call("MULTI"));
                t.add(a.call("EXEC"));
                t.add(a.call("WATCH", "{f}absent"));
                t.add(b.call("FLUSHALL"));
                t.add(a.call("MULTI"));
                t.add(a.call("EXEC"));
                t.add(a.call("SET", "{f}short", "1", "PX", "30"));
                t.add(a.call("WATCH", "{f}short"));
                Thread.sleep(80);
                t.add(a.call("MULTI"));
                t.add(a.call("EXEC"));
                t.add(a.call("WATCH", "{f}k"));
                t.add(a.call("MULTI"));
                t.add(a.call("RESET"));
                t.add(a.call("EXEC"));
                t.add(b.call("SET", "{f}k", "2"));
                t.add(a.call("MULTI"));
                t.add(a.call("EXEC"));
            }
        });
    }

    @Test
    void aPushInsideExecWakesABlockedClient() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient waiting = connect.get(); RespClient c = connect.get()) {
                waiting.send("BLPOP", "{p}queue", "5");
                Thread.sleep(50);
                t.add(c.call("MULTI"));
                t.add(c.call("RPUSH", "{p}queue", "job"));
                t.add(c.call("LLEN", "{p}queue"));
                t.add(c.call("EXEC"));
                t.add(waiting.readReply());
                t.add(c.call("LLEN", "{p}queue"));
            }
        });
    }

    @Test
    void aPushInsideAScriptWakesABlockedClient() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient waiting = connect.get(); RespClient zwaiting = connect.get(); RespClient c = connect.get()) {
                waiting.send("BLPOP", "{q}queue", "5");
                zwaiting.send("BZPOPMIN", "{q}ranks", "5");
                Thread.sleep(50);
                t.add(c.call("EVAL", "redis.call('rpush', KEYS[1], 'job'); redis.call('zadd', KEYS[2], 1, 'm');"
                        + " return redis.call('llen', KEYS[1])", "2", "{q}queue", "{q}ranks"));
                t.add(waiting.readReply());
                t.add(zwaiting.readReply());
                t.add(c.call("EXISTS", "{q}queue", "{q}ranks"));
            }
        });
    }
}
