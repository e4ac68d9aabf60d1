package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

/**
 * CLIENT PAUSE, CLIENT UNPAUSE and CLIENT UNBLOCK played out with several connections on a real
 * redis-server and on the emulator: which commands wait during a pause, the order of their late
 * replies, and what an unblocked client is told. Every scenario ends its pause before the flush.
 */
class ClientPauseIT extends ComparisonSupport {

    @Test
    void argumentErrorsAndReplies() {
        same("CLIENT", "PAUSE");
        same("CLIENT", "PAUSE", "abc");
        same("CLIENT", "PAUSE", "-1");
        same("CLIENT", "PAUSE", "1.5");
        same("CLIENT", "PAUSE", "10", "foo");
        same("CLIENT", "PAUSE", "abc", "foo");
        same("CLIENT", "PAUSE", "99999999999999999999");
        same("CLIENT", "PAUSE", "10", "ALL", "x");
        same("CLIENT", "PAUSE", "0");
        same("CLIENT", "PAUSE", "0", "write");
        same("CLIENT", "PAUSE", "9223372036854775807");
        same("PING");
        same("CLIENT", "UNPAUSE");
        same("CLIENT", "UNPAUSE", "x");
        same("CLIENT", "UNBLOCK");
        same("CLIENT", "UNBLOCK", "abc");
        same("CLIENT", "UNBLOCK", "1", "foo");
        same("CLIENT", "UNBLOCK", "abc", "foo");
        same("CLIENT", "UNBLOCK", "-5");
        same("CLIENT", "UNBLOCK", "999999");
        same("CLIENT", "UNBLOCK", "999999", "ERROR");
        same("CLIENT", "UNBLOCK", "1", "timeout", "extra");
    }

    @Test
    void aPauseOfAllHoldsEveryCommandUntilItsTimeoutThenRepliesInOrder() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient pauser = connect.get(); RespClient c = connect.get()) {
                t.add(pauser.call("CLIENT", "PAUSE", "300", "ALL"));
                c.send("SET", "k", "v");
                c.send("GET", "k");
                c.send("PING");
                pauser.send("CLIENT", "UNPAUSE");
                t.add("answered during the pause: " + c.replyWithin(100));
                t.add("unpause answered during the pause: " + pauser.replyWithin(50));
                t.add(c.readReply());
                t.add(c.readReply());
                t.add(c.readReply());
                t.add(pauser.readReply());
                t.add(c.call("GET", "k"));
            }
        });
    }

    @Test
    void aWritePauseServesReadsAndHoldsWhatMayWriteUntilUnpause() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient pauser = connect.get(); RespClient reader = connect.get(); RespClient writer = connect.get();
                 RespClient publisher = connect.get(); RespClient counter = connect.get();
                 RespClient scripter = connect.get()) {
                t.add(reader.call("SET", "k", "before"));
                t.add(pauser.call("CLIENT", "PAUSE", "5000", "WRITE"));
                writer.send("SET", "k", "after");
                writer.send("GET", "k");
                writer.send("INCR", "n");
                publisher.send("PUBLISH", "ch", "m");
                counter.send("PFCOUNT", "hll");
                scripter.send("EVAL", "return 1", "0");
                t.add("write answered: " + writer.replyWithin(100));
                t.add("publish answered: " + publisher.replyWithin(10));
                t.add("pfcount answered: " + counter.replyWithin(10));
                t.add("eval answered: " + scripter.replyWithin(10));
                t.add(reader.call("GET", "k"));
                t.add(reader.call("EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "k"));
                t.add(reader.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('GET', KEYS[1])", "1", "k"));
                t.add(reader.call("FCALL_RO", "nosuch", "0"));
                t.add(reader.call("PING"));
                t.add(reader.call("CLIENT", "UNPAUSE"));
                t.add(writer.readReply());
                t.add(writer.readReply());
                t.add(writer.readReply());
                t.add(publisher.readReply());
                t.add(counter.readReply());
                t.add(scripter.readReply());
                t.add(reader.call("GET", "k"));
            }
        });
    }

    @Test
    void aHeldClientShowsAsBlockedOnItsCommandInClientList() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient pauser = connect.get(); RespClient writer = connect.get()) {
                String writerId = writer.call("CLIENT", "ID").substring(1).trim();
                t.add(pauser.call("CLIENT", "PAUSE", "5000", "WRITE"));
                writer.send("SET", "k", "v");
                Thread.sleep(100);
                String line = pauser.call("CLIENT", "LIST", "ID", writerId);
                t.add(line.replaceAll("(?s).*( flags=\\S*).*( cmd=\\S*).*", "$1$2"));
                t.add(pauser.call("CLIENT", "UNPAUSE"));
                t.add(writer.readReply());
            }
        });
    }

    @Test
    void aTransactionQueuesUntilAWriteAndExecWaitsWhenItHoldsOne() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient pauser = connect.get(); RespClient reads = connect.get(); RespClient writes = connect.get()) {
                t.add(pauser.call("CLIENT", "PAUSE", "5000", "WRITE"));
                t.add(reads.call("MULTI"));
                t.add(reads.call("GET", "k"));
                t.add(reads.call("EXEC"));
                t.add(writes.call("MULTI"));
                writes.send("SET", "k", "v");
                t.add("queued write answered: " + writes.replyWithin(100));
                t.add(pauser.call("CLIENT", "UNPAUSE"));
                t.add(writes.readReply());
                t.add(pauser.call("CLIENT", "PAUSE", "5000", "WRITE"));
                writes.send("EXEC");
                t.add("exec answered: " + writes.replyWithin(100));
                t.add(pauser.call("CLIENT", "UNPAUSE"));
                t.add(writes.readReply());
                t.add(reads.call("GET", "k"));
            }
        });
    }

    @Test
    void aLaterPauseWidensTheModeAndKeepsTheLaterEnd() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient pauser = connect.get(); RespClient c = connect.get()) {
                t.add(pauser.call("CLIENT", "PAUSE", "300", "WRITE"));
                t.add(c.call("CLIENT", "PAUSE", "0", "ALL"));
                c.send("GET", "k");
                t.add("read answered: " + c.replyWithin(100));
                t.add(c.readReply());
                t.add(c.call("SET", "k", "v"));
            }
        });
    }

    @Test
    void keysThatExpireDuringAPauseReadAsAbsentButStayUntilItEnds() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient c = connect.get()) {
                t.add(c.call("SET", "k", "v", "PX", "50"));
                t.add(c.call("SET", "k2", "v", "PX", "50"));
                t.add(c.call("SET", "kept", "v"));
                t.add(c.call("CLIENT", "PAUSE", "5000", "WRITE"));
                Thread.sleep(250);
                t.add(c.call("GET", "k"));
                t.add(c.call("EXISTS", "k", "k2"));
                t.add(c.call("TTL", "k"));
                t.add(c.call("DBSIZE"));
                t.add(c.call("CLIENT", "UNPAUSE"));
                Thread.sleep(500);
                t.add(c.call("DBSIZE"));
            }
        });
    }

    @Test
    void unblockEndsABlockingPopAsItsTimeoutWouldOrWithAnError() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient blocked = connect.get(); RespClient c = connect.get()) {
                String id = c.call("CLIENT", "ID").substring(1).trim();
                String blockedId = blocked.call("CLIENT", "ID").substring(1).trim();
                t.add(c.call("CLIENT", "UNBLOCK", blockedId));
                t.add(c.call("CLIENT", "UNBLOCK", id));
                blocked.send("BLPOP", "list", "5");
                Thread.sleep(50);
                t.add(c.call("CLIENT", "UNBLOCK", blockedId));
                t.add(blocked.readReply());
                t.add(c.call("CLIENT", "UNBLOCK", blockedId));
                blocked.send("BZPOPMIN", "zset", "5");
                Thread.sleep(50);
                t.add(c.call("CLIENT", "UNBLOCK", blockedId, "ERROR"));
                t.add(blocked.readReply());
                blocked.send("XREAD", "BLOCK", "5000", "STREAMS", "stream", "$");
                Thread.sleep(50);
                t.add(c.call("CLIENT", "UNBLOCK", blockedId, "TIMEOUT"));
                t.add(blocked.readReply());
                blocked.send("BLMOVE", "list", "other", "LEFT", "LEFT", "0");
                Thread.sleep(50);
                t.add(c.call("CLIENT", "UNBLOCK", blockedId, "error"));
                t.add(blocked.readReply());
                blocked.call("HELLO", "3");
                blocked.send("BRPOP", "list", "5");
                Thread.sleep(50);
                t.add(c.call("CLIENT", "UNBLOCK", blockedId));
                t.add(blocked.readReply());
                t.add(blocked.call("PING"));
            }
        });
    }

    @Test
    void unblockEndsAWaitWithTheCountOfItsTimeout() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient waiting = connect.get(); RespClient c = connect.get()) {
                String waitingId = waiting.call("CLIENT", "ID").substring(1).trim();
                t.add(waiting.call("SET", "k", "v"));
                waiting.send("WAIT", "1", "5000");
                Thread.sleep(50);
                t.add(c.call("CLIENT", "UNBLOCK", waitingId));
                t.add(waiting.readReply());
                waiting.send("WAIT", "1", "5000");
                Thread.sleep(50);
                t.add(c.call("CLIENT", "UNBLOCK", waitingId, "ERROR"));
                t.add(waiting.readReply());
                t.add(waiting.call("PING"));
            }
        });
    }
}
