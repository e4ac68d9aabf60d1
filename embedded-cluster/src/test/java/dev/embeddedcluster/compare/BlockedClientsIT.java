package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

/**
 * Every way a waiting client gets its answer (issue #16): a blocked XREADGROUP whose stream goes
 * away, client-side caching of what a script reads, subscribe confirmations and invalidations
 * under CLIENT REPLY OFF, against a real redis-server.
 */
class BlockedClientsIT extends ComparisonSupport {

    /** Blocks {@code reader} in XREADGROUP ... BLOCK 0 on {@code stream}, which has group g at its end. */
    private static void blockInGroupRead(RespClient reader, RespClient c, String stream) throws InterruptedException {
        c.call("XADD", stream, "1-0", "f", "v");
        c.call("XGROUP", "CREATE", stream, "g", "$");
        reader.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", stream, ">");
        Thread.sleep(50);
    }

    @Test
    void aGroupReadEndsWhenItsStreamIsDeletedOrOverwritten() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient reader = connect.get(); RespClient c = connect.get()) {
                blockInGroupRead(reader, c, "{x}s");
                t.add(c.call("DEL", "{x}s"));
                t.add(reader.readReply());
                blockInGroupRead(reader, c, "{x}s");
                t.add(c.call("UNLINK", "{x}s"));
                t.add(reader.readReply());
                blockInGroupRead(reader, c, "{x}s");
                t.add(c.call("SET", "{x}s", "string now"));
                t.add(reader.readReply());
                c.call("DEL", "{x}s");
                blockInGroupRead(reader, c, "{x}s");
                t.add(c.call("RENAME", "{x}s", "{x}elsewhere"));
                t.add(reader.readReply());
                blockInGroupRead(reader, c, "{x}s");
                t.add(c.call("SET", "{x}other", "1"));
                t.add(c.call("RENAME", "{x}other", "{x}s"));
                t.add(reader.readReply());
                c.call("DEL", "{x}s");
                blockInGroupRead(reader, c, "{x}s");
                t.add(c.call("SET", "{x}other", "1"));
                t.add(c.call("COPY", "{x}other", "{x}s", "REPLACE"));
                t.add(reader.readReply());
                c.call("DEL", "{x}s");
                blockInGroupRead(reader, c, "{x}s");
                t.add(c.call("FLUSHALL"));
                t.add(reader.readReply());
                t.add(reader.call("PING"));
            }
        });
    }

    @Test
    void aGroupReadEndsWhenItsStreamExpires() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient reader = connect.get(); RespClient c = connect.get()) {
                blockInGroupRead(reader, c, "{e}s");
                t.add(c.call("PEXPIRE", "{e}s", "100"));
                t.add(reader.readReply());
                t.add(c.call("EXISTS", "{e}s"));
            }
        });
    }

    @Test
    void inATransactionTheStreamAsItIsAtTheEndDecides() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient reader = connect.get(); RespClient c = connect.get()) {
                blockInGroupRead(reader, c, "{m}s");
                t.add(c.call("MULTI"));
                t.add(c.call("DEL", "{m}s"));
                t.add(c.call("LPUSH", "{m}s", "a list"));
                t.add(c.call("EXEC"));
                t.add(reader.readReply());
                c.call("DEL", "{m}s");
                blockInGroupRead(reader, c, "{m}s");
                t.add(c.call("MULTI"));
                t.add(c.call("DEL", "{m}s"));
                t.add(c.call("XADD", "{m}s", "2-0", "f", "v"));
                t.add(c.call("EXEC"));
                t.add(reader.readReply());
                c.call("DEL", "{m}s");
                blockInGroupRead(reader, c, "{m}s");
                t.add(c.call("XGROUP", "DESTROY", "{m}s", "g"));
                t.add(reader.readReply());
            }
        });
    }

    @Test
    void writesThatLeaveTheStreamAndGroupDoNotEndTheWait() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient reader = connect.get(); RespClient c = connect.get()) {
                blockInGroupRead(reader, c, "{k}s");
                t.add(c.call("XTRIM", "{k}s", "MAXLEN", "0"));
                t.add(c.call("XGROUP", "SETID", "{k}s", "g", "0"));
                t.add(c.call("MULTI"));
                t.add(c.call("XGROUP", "DESTROY", "{k}s", "g"));
                t.add(c.call("XGROUP", "CREATE", "{k}s", "g", "$"));
                t.add(c.call("EXEC"));
                t.add("group read answered: " + reader.replyWithin(150));
                t.add(c.call("XADD", "{k}s", "5-0", "f", "new"));
                t.add(reader.readReply());
            }
        });
    }

    @Test
    void xreadWithoutAGroupKeepsWaitingWhenItsStreamGoes() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient reader = connect.get(); RespClient c = connect.get()) {
                t.add(c.call("XADD", "{r}s", "1-0", "f", "v"));
                reader.send("XREAD", "BLOCK", "0", "STREAMS", "{r}s", "$");
                Thread.sleep(50);
                t.add(c.call("DEL", "{r}s"));
                t.add(c.call("SET", "{r}s", "x"));
                t.add(c.call("DEL", "{r}s"));
                t.add("xread answered: " + reader.replyWithin(150));
                t.add(c.call("XADD", "{r}s", "2-0", "f", "w"));
                t.add(reader.readReply());
            }
        });
    }

    @Test
    void popsKeepWaitingWhenTheirKeyHoldsAnotherType() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient list = connect.get(); RespClient zset = connect.get(); RespClient c = connect.get()) {
                list.send("BLPOP", "{p}l", "0");
                zset.send("BZPOPMIN", "{p}z", "0");
                Thread.sleep(50);
                t.add(c.call("SET", "{p}l", "x"));
                t.add(c.call("RPUSH", "{p}z", "x"));
                t.add("pops answered: " + list.replyWithin(150) + " " + zset.replyWithin(10));
                t.add(c.call("DEL", "{p}l", "{p}z"));
                t.add(c.call("RPUSH", "{p}l", "v"));
                t.add(list.readReply());
                t.add(c.call("ZADD", "{p}z", "1", "m"));
                t.add(zset.readReply());
            }
        });
    }

    @Test
    void aMoveToAKeyOfAnotherTypeAnswersWrongType() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient mover = connect.get(); RespClient c = connect.get()) {
                t.add(c.call("SET", "{v}dst", "x"));
                mover.send("BLMOVE", "{v}src", "{v}dst", "LEFT", "LEFT", "0");
                Thread.sleep(50);
                t.add(c.call("RPUSH", "{v}src", "v"));
                t.add(mover.readReply());
                t.add(c.call("LRANGE", "{v}src", "0", "-1"));
            }
        });
    }

    @Test
    void keysAScriptReadsAreTrackedForItsCaller() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get(); RespClient writer = connect.get()) {
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON"));
                t.add(tracker.call("EVAL", "return redis.call('get', KEYS[1])", "1", "{t}k"));
                t.add(writer.call("SET", "{t}k", "v"));
                t.add(tracker.readReply());
                t.add(tracker.call("EVAL", "redis.call('get', KEYS[1]) return redis.call('get', KEYS[2])", "2",
                        "{t}a", "{t}b"));
                t.add(writer.call("SET", "{t}a", "1"));
                t.add(tracker.readReply());
                t.add(writer.call("SET", "{t}b", "1"));
                t.add(tracker.readReply());
                t.add(tracker.call("EVAL", "redis.call('set', KEYS[1], 'x') return redis.call('get', KEYS[1])", "1",
                        "{t}k"));
                t.add(writer.call("SET", "{t}k", "w"));
                t.add(tracker.readReply());
                t.add(tracker.call("FUNCTION", "LOAD", "REPLACE", "#!lua name=hangs\n"
                        + "redis.register_function{function_name='hangs_get', callback=function(k) "
                        + "return redis.call('get', k[1]) end, flags={'no-writes'}}"));
                t.add(tracker.call("FCALL", "hangs_get", "1", "{t}f"));
                t.add(writer.call("SET", "{t}f", "v"));
                t.add(tracker.readReply());
                t.add(tracker.call("FUNCTION", "DELETE", "hangs"));
            }
        });
    }

    @Test
    void anOptInCallerTracksWhatTheScriptReadsAfterCachingYes() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get(); RespClient writer = connect.get()) {
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "OPTIN"));
                t.add(tracker.call("EVAL", "return redis.call('get', KEYS[1])", "1", "{o}untracked"));
                t.add(tracker.call("CLIENT", "CACHING", "YES"));
                t.add(tracker.call("EVAL", "return redis.call('get', KEYS[1])", "1", "{o}k"));
                t.add(writer.call("SET", "{o}untracked", "v"));
                t.add(writer.call("SET", "{o}k", "v"));
                t.add(tracker.readReply());
                t.add(tracker.call("PING"));
            }
        });
    }

    @Test
    void subscribeConfirmationsAndMessagesComeThoughRepliesAreOff() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient subscriber = connect.get(); RespClient publisher = connect.get()) {
                subscriber.send("CLIENT", "REPLY", "OFF");
                subscriber.send("SUBSCRIBE", "{ps}a", "{ps}b");
                t.add(subscriber.readReply());
                t.add(subscriber.readReply());
                t.add(publisher.call("PUBLISH", "{ps}a", "hello"));
                t.add(subscriber.readReply());
                subscriber.send("PSUBSCRIBE", "{ps}*");
                t.add(subscriber.readReply());
                subscriber.send("PING");
                subscriber.send("UNSUBSCRIBE", "{ps}a");
                subscriber.send("UNSUBSCRIBE");
                t.add(subscriber.readReply());
                t.add(subscriber.readReply());
                subscriber.send("PUNSUBSCRIBE", "{ps}*");
                t.add(subscriber.readReply());
                subscriber.send("SUNSUBSCRIBE");
                t.add(subscriber.readReply());
                subscriber.send("SSUBSCRIBE", "{ps}shard");
                t.add(subscriber.readReply());
                t.add(publisher.call("SPUBLISH", "{ps}shard", "s"));
                t.add(subscriber.readReply());
                subscriber.send("SUNSUBSCRIBE", "{ps}shard");
                t.add(subscriber.readReply());
                t.add(subscriber.call("CLIENT", "REPLY", "ON"));
            }
        });
    }

    @Test
    void aSkippedSubscribeStillConfirms() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient subscriber = connect.get(); RespClient publisher = connect.get()) {
                subscriber.send("CLIENT", "REPLY", "SKIP");
                subscriber.send("SUBSCRIBE", "{sk}a");
                t.add(subscriber.readReply());
                t.add(subscriber.call("PING"));
                t.add(publisher.call("PUBLISH", "{sk}a", "m"));
                t.add(subscriber.readReply());
            }
        });
    }

    @Test
    void inResp3AndInATransactionTheConfirmationsAloneCome() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient subscriber = connect.get(); RespClient publisher = connect.get()) {
                subscriber.call("HELLO", "3");
                subscriber.send("CLIENT", "REPLY", "OFF");
                subscriber.send("SUBSCRIBE", "{r3}a");
                t.add(subscriber.readReply());
                t.add(publisher.call("PUBLISH", "{r3}a", "m"));
                t.add(subscriber.readReply());
                subscriber.send("MULTI");
                subscriber.send("UNSUBSCRIBE", "{r3}a");
                subscriber.send("EXEC");
                t.add(subscriber.readReply());
                t.add(subscriber.call("CLIENT", "REPLY", "ON"));
            }
        });
    }

    @Test
    void anOwnWriteInvalidatesThoughRepliesAreOff() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get()) {
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON"));
                t.add(tracker.call("GET", "{ow}k"));
                tracker.send("CLIENT", "REPLY", "OFF");
                tracker.send("SET", "{ow}k", "v");
                t.add(tracker.readReply());
                t.add(tracker.call("CLIENT", "REPLY", "ON"));
            }
        });
    }

    @Test
    void anOwnWriteFromAScriptInvalidatesThoughRepliesAreOff() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get()) {
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON"));
                t.add(tracker.call("GET", "{se}k"));
                tracker.send("CLIENT", "REPLY", "OFF");
                tracker.send("EVAL", "return redis.call('set', KEYS[1], 'v')", "1", "{se}k");
                t.add(tracker.readReply());
                t.add(tracker.call("CLIENT", "REPLY", "ON"));
                t.add(tracker.call("GET", "{se}k"));
                tracker.send("CLIENT", "REPLY", "SKIP");
                tracker.send("EVAL", "redis.call('set', KEYS[1], '1') return redis.call('incr', KEYS[1])", "1", "{se}k");
                t.add(tracker.readReply());
                t.add(tracker.call("PING"));
            }
        });
    }

    @Test
    void anOwnWriteFromABusyScriptInvalidatesThoughRepliesAreOff() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient tracker = connect.get(); RespClient other = connect.get()) {
                t.add(other.call("CONFIG", "SET", "busy-reply-threshold", "20"));
                tracker.call("HELLO", "3");
                t.add(tracker.call("CLIENT", "TRACKING", "ON"));
                t.add(tracker.call("GET", "{sb}k"));
                tracker.send("CLIENT", "REPLY", "OFF");
                // A loop of fixed length (the replayed clock stands still): a few hundred milliseconds on both.
                tracker.send("EVAL", "redis.call('set', KEYS[1], 'v') local x = 0 for i = 1, 30000000 do x = x + i end "
                        + "return 1", "1", "{sb}k");
                awaitBusy(other);
                t.add(tracker.readReply());
                t.add(tracker.call("CLIENT", "REPLY", "ON"));
                t.add(other.call("CONFIG", "SET", "busy-reply-threshold", "5000"));
            }
        });
    }

    @Test
    void unsubscribingFromAllConfirmsEachChannel() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient subscriber = connect.get()) {
                subscriber.send("SUBSCRIBE", "{u}a", "{u}b", "{u}c", "news", "sport", "x1", "x2", "x3");
                for (int i = 0; i < 8; i++) {
                    t.add(subscriber.readReply());
                }
                subscriber.send("UNSUBSCRIBE");
                // Redis keeps a client's channels in a hash table whose hash is keyed at random when
                // the server starts: two redis-server runs confirm them in different orders. The
                // channels confirmed and the counts, which fall by one each time, are compared.
                java.util.List<String> channels = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String[] confirmation = subscriber.readReply().split("\r\n");
                    t.add(confirmation[0] + " " + confirmation[2] + " count " + confirmation[5]);
                    channels.add(confirmation[4]);
                }
                t.add("channels: " + channels.stream().sorted().toList());
                subscriber.send("PSUBSCRIBE", "p*", "q*", "{u}*", "a?c");
                for (int i = 0; i < 4; i++) {
                    t.add(subscriber.readReply());
                }
                subscriber.send("PUNSUBSCRIBE");
                for (int i = 0; i < 4; i++) {
                    t.add(subscriber.readReply());
                }
                t.add(subscriber.call("PING"));
            }
        });
    }
}
