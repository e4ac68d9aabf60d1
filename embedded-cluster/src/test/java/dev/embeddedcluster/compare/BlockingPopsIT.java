package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking pops of lists and sorted sets played out with several clients, the same script on a real redis-server and on
 * the emulator; the transcripts (every reply, in the order read) must be identical.
 */
class BlockingPopsIT extends ComparisonSupport {

    @Test
    void aPushWakesTheClientsBlockedFirstServedFirst() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient first = connect.get(); RespClient second = connect.get(); RespClient pusher = connect.get()) {
                first.send("BLPOP", "queue", "other", "5");
                Thread.sleep(50);
                second.send("BRPOP", "queue", "5");
                second.send("PING");
                Thread.sleep(50);
                t.add(pusher.call("RPUSH", "queue", "a"));
                t.add(first.readReply());
                t.add(pusher.call("LLEN", "queue"));
                t.add(pusher.call("EXISTS", "queue"));
                t.add(pusher.call("RPUSH", "queue", "b", "c"));
                t.add(second.readReply());
                t.add(second.readReply());
                t.add(pusher.call("LRANGE", "queue", "0", "-1"));
            }
        });
    }

    @Test
    void aTimeoutEndsTheWaitWithANullReply() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient c = connect.get()) {
                long started = System.nanoTime();
                t.add(c.call("BLPOP", "none", "0.2"));
                assertThat((System.nanoTime() - started) / 1_000_000).isBetween(150L, 2000L);
                t.add(c.call("BLMOVE", "none", "dst", "LEFT", "LEFT", "0.05"));
                t.add(c.call("BLMPOP", "0.05", "2", "none", "none2", "LEFT"));
                t.add(c.call("BRPOPLPUSH", "none", "dst", "0.05"));
                c.call("HELLO", "3");
                t.add(c.call("BLPOP", "none", "0.05"));
                t.add(c.call("BLMOVE", "none", "dst", "LEFT", "LEFT", "0.05"));
            }
        });
    }

    @Test
    void movesAndMultiPopsWaitToo() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient mover = connect.get(); RespClient popper = connect.get(); RespClient pusher = connect.get()) {
                mover.send("BLMOVE", "{q}src", "{q}dst", "RIGHT", "LEFT", "5");
                popper.send("BLMPOP", "5", "2", "{q}a", "{q}b", "LEFT", "COUNT", "2");
                Thread.sleep(50);
                t.add(pusher.call("LPUSH", "{q}src", "x", "y"));
                t.add(mover.readReply());
                t.add(pusher.call("LRANGE", "{q}dst", "0", "-1"));
                t.add(pusher.call("LRANGE", "{q}src", "0", "-1"));
                t.add(pusher.call("RPUSH", "{q}b", "1", "2", "3"));
                t.add(popper.readReply());
                t.add(pusher.call("LRANGE", "{q}b", "0", "-1"));
            }
        });
    }

    @Test
    void listsThatAreThereAnswerAtOnceAndErrorsAreRedis() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient c = connect.get()) {
                t.add(c.call("RPUSH", "{t}l", "a", "b"));
                t.add(c.call("BLPOP", "{t}missing", "{t}l", "1"));
                t.add(c.call("BRPOP", "{t}l", "1"));
                t.add(c.call("EXISTS", "{t}l"));
                t.add(c.call("BLPOP", "{t}l", "-1"));
                t.add(c.call("BLPOP", "{t}l", "abc"));
                t.add(c.call("BLPOP", "{t}l", "inf"));
                t.add(c.call("SET", "{t}s", "v"));
                t.add(c.call("BLPOP", "{t}s", "1"));
                t.add(c.call("BLPOP", "{t}missing", "{t}s", "1"));
                t.add(c.call("BLMOVE", "{t}s", "{t}d", "LEFT", "LEFT", "1"));
                t.add(c.call("BLMOVE", "{t}l", "{t}d", "UP", "LEFT", "1"));
                t.add(c.call("RPUSH", "{t}l", "z"));
                t.add(c.call("BLMOVE", "{t}l", "{t}s", "LEFT", "LEFT", "1"));
                t.add(c.call("BLMPOP", "x", "1", "{t}l", "LEFT"));
                t.add(c.call("BLMPOP", "x", "0", "{t}l", "LEFT"));
                t.add(c.call("BLMPOP", "x", "1", "{t}l", "UP"));
                t.add(c.call("BLMPOP", "1", "0", "{t}l", "LEFT"));
                t.add(c.call("BLMPOP", "1", "1", "{t}l", "LEFT", "COUNT", "0"));
                t.add(c.call("BLMPOP", "1", "1", "{t}l", "RIGHT", "COUNT", "5"));
                t.add(c.call("BLPOP", "{t}l"));
            }
        });
    }

    @Test
    void aListRenamedOrCopiedOntoAWaitedKeyWakesTheWaiter() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient first = connect.get(); RespClient second = connect.get(); RespClient c = connect.get()) {
                first.send("BLPOP", "{w}target", "5");
                second.send("BRPOP", "{w}copy", "5");
                Thread.sleep(50);
                t.add(c.call("RPUSH", "{w}src", "a", "b"));
                t.add(c.call("RENAME", "{w}src", "{w}target"));
                t.add(first.readReply());
                t.add(c.call("COPY", "{w}target", "{w}copy"));
                t.add(second.readReply());
                t.add(c.call("LRANGE", "{w}target", "0", "-1"));
                t.add(c.call("EXISTS", "{w}copy"));
            }
        });
    }

    @Test
    void aClientThatLeavesWhileBlockedTakesNothing() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient pusher = connect.get()) {
                try (RespClient leaving = connect.get()) {
                    leaving.send("BLPOP", "jobs", "0");
                    Thread.sleep(50);
                }
                Thread.sleep(50);
                t.add(pusher.call("RPUSH", "jobs", "j1"));
                t.add(pusher.call("LRANGE", "jobs", "0", "-1"));
            }
        });
    }

    @Test
    void sortedSetPopsWaitForMembersFirstBlockedFirstServed() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient min = connect.get(); RespClient max = connect.get(); RespClient multi = connect.get();
                 RespClient c = connect.get()) {
                min.send("BZPOPMIN", "{z}a", "{z}b", "5");
                Thread.sleep(50);
                max.send("BZPOPMAX", "{z}b", "5");
                Thread.sleep(50);
                multi.send("BZMPOP", "5", "1", "{z}b", "MAX", "COUNT", "2");
                Thread.sleep(50);
                t.add(c.call("ZADD", "{z}b", "1", "one", "2", "two", "3", "three", "4", "four"));
                t.add(min.readReply());
                t.add(max.readReply());
                t.add(multi.readReply());
                t.add(c.call("EXISTS", "{z}b"));
                t.add(c.call("ZADD", "{z}b", "5", "five"));
                t.add(c.call("ZRANGE", "{z}b", "0", "-1", "WITHSCORES"));
            }
        });
    }

    @Test
    void waitersForAListAndForASortedSetOnOneKeyTakeOnlyTheirType() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient listWaiter = connect.get(); RespClient setWaiter = connect.get(); RespClient c = connect.get()) {
                listWaiter.send("BLPOP", "k", "5");
                Thread.sleep(50);
                setWaiter.send("BZPOPMIN", "k", "5");
                Thread.sleep(50);
                t.add(c.call("ZADD", "k", "1", "m"));
                t.add(setWaiter.readReply());
                t.add(c.call("RPUSH", "k", "e"));
                t.add(listWaiter.readReply());
                t.add(c.call("EXISTS", "k"));
            }
        });
    }

    @Test
    void sortedSetsStoredOrRenamedOntoAWaitedKeyWakeTheWaiter() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient first = connect.get(); RespClient second = connect.get(); RespClient c = connect.get()) {
                first.send("BZPOPMIN", "{s}dst", "5");
                second.send("BZMPOP", "5", "1", "{s}moved", "MIN");
                Thread.sleep(50);
                t.add(c.call("ZADD", "{s}src", "1", "a", "2", "b"));
                t.add(c.call("ZUNIONSTORE", "{s}dst", "1", "{s}src"));
                t.add(first.readReply());
                t.add(c.call("RENAME", "{s}src", "{s}moved"));
                t.add(second.readReply());
                t.add(c.call("ZRANGE", "{s}moved", "0", "-1"));
                t.add(c.call("ZRANGE", "{s}dst", "0", "-1"));
            }
        });
    }

    @Test
    void geoWritesWakeSortedSetWaiters() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient first = connect.get(); RespClient second = connect.get(); RespClient third = connect.get();
                 RespClient c = connect.get()) {
                first.send("BZPOPMIN", "{g}geo", "5");
                second.send("BZPOPMAX", "{g}near", "5");
                third.send("BZMPOP", "5", "1", "{g}stored", "MIN", "COUNT", "5");
                Thread.sleep(50);
                t.add(c.call("GEOADD", "{g}geo", "13.361389", "38.115556", "Palermo"));
                t.add(first.readReply());
                t.add(c.call("GEOADD", "{g}geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"));
                t.add(c.call("GEOSEARCHSTORE", "{g}near", "{g}geo", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"));
                t.add(second.readReply());
                t.add(c.call("GEORADIUS", "{g}geo", "15", "37", "200", "km", "STORE", "{g}stored"));
                t.add(third.readReply());
            }
        });
    }

    @Test
    void sortedSetPopsTimeOutWithANullReply() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient c = connect.get()) {
                t.add(c.call("BZPOPMIN", "none", "0.05"));
                t.add(c.call("BZMPOP", "0.05", "1", "none", "MIN"));
                c.call("HELLO", "3");
                t.add(c.call("BZPOPMAX", "none", "0.05"));
                t.add(c.call("BZMPOP", "0.05", "1", "none", "MAX", "COUNT", "3"));
            }
        });
    }

    @Test
    void blockedStreamReadsGetTheEntriesAddedAfterThem() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient plain = connect.get(); RespClient grouped = connect.get(); RespClient c = connect.get()) {
                t.add(c.call("XADD", "{x}s", "1-1", "f", "old"));
                t.add(c.call("XGROUP", "CREATE", "{x}s", "g", "$"));
                plain.send("XREAD", "BLOCK", "5000", "STREAMS", "{x}other", "{x}s", "0", "$");
                Thread.sleep(50);
                grouped.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "5000", "STREAMS", "{x}s", ">");
                Thread.sleep(50);
                t.add(c.call("XADD", "{x}s", "2-1", "f", "new"));
                t.add(plain.readReply());
                t.add(grouped.readReply());
                t.add(c.call("XPENDING", "{x}s", "g"));
                t.add(c.call("XINFO", "GROUPS", "{x}s"));
            }
        });
    }

    @Test
    void aDestroyedGroupEndsTheWaitWithNogroup() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient grouped = connect.get(); RespClient c = connect.get()) {
                t.add(c.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"));
                grouped.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "5000", "STREAMS", "s", ">");
                Thread.sleep(50);
                t.add(c.call("XGROUP", "DESTROY", "s", "g"));
                t.add(grouped.readReply());
            }
        });
    }

    @Test
    void streamReadsTimeOutWithANullReply() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient c = connect.get()) {
                t.add(c.call("XADD", "s", "1-1", "f", "v"));
                t.add(c.call("XREAD", "BLOCK", "50", "STREAMS", "s", "$"));
                c.call("HELLO", "3");
                t.add(c.call("XREAD", "BLOCK", "50", "STREAMS", "s", "1-1"));
                t.add(c.call("XADD", "s", "2-1", "f", "v"));
                t.add(c.call("XREAD", "BLOCK", "50", "STREAMS", "s", "1-1"));
            }
        });
    }
}
