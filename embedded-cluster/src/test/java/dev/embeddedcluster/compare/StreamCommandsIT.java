package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream commands against a real redis-server. Entries carry explicit IDs so that replies
 * compare byte for byte; where Redis replies a time (idle times, delivery times, generated IDs)
 * the comparison masks the number and keeps the shape.
 */
class StreamCommandsIT extends ComparisonSupport {

    @Test
    void addRangeLengthAndIds() {
        script("XADD s 1-1 f v", "XADD s 1-2 a 1 b 2", "XADD s 1-* f v", "XADD s 2 f v", "XADD s 2-* g w", "XADD s 1-5 f v",
                "XADD s 2-1 f v", "XADD s 0-0 f v", "XADD s1 0-0 f v", "XADD s1 0-* f v", "XADD s 3-0 f", "XADD s 3-0",
                "XADD s", "XADD s x f v", "XADD s 3-x f v", "XADD s -1 f v", "XADD s - f v", "XADD s + f v",
                "XADD s 18446744073709551615-18446744073709551615 f v", "XADD s 18446744073709551616 f v",
                "XADD s 18446744073709551615-* f v", "XLEN s", "XLEN missing", "XRANGE s - +", "XRANGE s 1 1",
                "XRANGE s 1-2 +", "XRANGE s (1-2 +", "XRANGE s - (2-0", "XRANGE s - + COUNT 2", "XRANGE s - + COUNT 0",
                "XRANGE s - + COUNT -1", "XRANGE s - + COUNT x", "XRANGE s - + FOO", "XRANGE s - + COUNT",
                "XREVRANGE s + -", "XREVRANGE s + - COUNT 1", "XREVRANGE s (2-1 -", "XRANGE s 5 1", "XRANGE missing - +",
                "XRANGE s x +", "XRANGE s - x", "XRANGE s (- +", "XRANGE s - (+", "XRANGE s (18446744073709551615-18446744073709551615 +",
                "XRANGE s - (0-0", "XRANGE s 007 +", "XADD s NOMKSTREAM 9-0 f v", "XADD nope NOMKSTREAM * f v",
                "EXISTS nope", "TYPE s", "OBJECT ENCODING s", "SET str v", "XADD str * f v", "XLEN str", "XRANGE str - +");
        same3("XRANGE", "s", "-", "+", "COUNT", "2");
        same3("XADD", "nope", "NOMKSTREAM", "*", "f", "v");
        same3("XRANGE", "s", "-", "+", "COUNT", "0");
    }

    @Test
    void generatedIdsUseTheClockAndStayIncreasing() {
        String[] first = replies("XADD", "auto", "*", "f", "v");
        assertThat(first[1]).matches("\\$\\d+\r\n\\d{13}-0\r\n");
        both("XADD", "future", "99999999999999-5", "f", "v");
        same("XADD", "future", "*", "f", "v");
        same("XADD", "future", "99999999999999-*", "f", "v");
    }

    @Test
    void deleteAndSetId() {
        script("XADD s 1-1 a 1", "XADD s 2-1 b 2", "XADD s 3-1 c 3", "XDEL s 2-1 9-9 2-1", "XDEL s x", "XDEL missing 1-1",
                "XRANGE s - +", "XINFO STREAM s", "XDEL s 1-1", "XINFO STREAM s", "XDEL s 3-1", "XLEN s", "EXISTS s",
                "XINFO STREAM s", "XSETID s 5-0", "XSETID s 2-0", "XADD s 4-0 f v", "XSETID s 3-0", "XSETID s 6-0 ENTRIESADDED 0",
                "XSETID s 6-0 ENTRIESADDED 9 MAXDELETEDID 5-0", "XSETID s 6-0 MAXDELETEDID 7-0", "XSETID s 6-0 ENTRIESADDED -1",
                "XSETID s 6-0 FOO", "XSETID s x", "XSETID missing 1-0", "XINFO STREAM s", "XSETID s 6-0 ENTRIESADDED",
                "SET str v", "XSETID str 1-0", "XDEL str 1-1");
    }

    @Test
    void trimmingExactAndByWholeNodes() {
        for (int i = 1; i <= 350; i++) {
            both("XADD", "big", i + "-1", "field", "value" + i);
        }
        script("XINFO STREAM big", "XTRIM big MAXLEN ~ 300", "XLEN big", "XINFO STREAM big", "XTRIM big MAXLEN ~ 120",
                "XLEN big", "XTRIM big MAXLEN = 110", "XLEN big", "XINFO STREAM big", "XTRIM big MINID ~ 200-0", "XLEN big",
                "XTRIM big MINID 260-1", "XLEN big", "XRANGE big - + COUNT 2", "XTRIM big MAXLEN 0", "EXISTS big", "XLEN big",
                "XINFO STREAM big", "XTRIM big", "XTRIM big MAXLEN", "XTRIM big MAXLEN -1", "XTRIM big MAXLEN x",
                "XTRIM big MINID x", "XTRIM big MAXLEN 1 MINID 1", "XTRIM big LIMIT 10", "XTRIM big MAXLEN 1 LIMIT 10",
                "XTRIM big MAXLEN ~ 1 LIMIT -1", "XTRIM big FOO", "XTRIM missing MAXLEN 1", "XADD big MAXLEN 2 1000-1 f v",
                "XADD big MAXLEN ~ 2 LIMIT 1 1001-1 f v", "XADD big LIMIT 5 1002-1 f v", "XADD big MINID 1001 1003-1 f v",
                "XRANGE big - +", "XADD big MAXLEN = 1 1004-1 f v", "XRANGE big - +");
        for (int i = 1; i <= 500; i++) {
            both("XADD", "wide", i + "-1", "f", "x".repeat(i % 90), "g", Integer.toString(i));
        }
        script("XINFO STREAM wide", "XTRIM wide MAXLEN ~ 400 LIMIT 150", "XINFO STREAM wide", "XTRIM wide MINID ~ 300",
                "XINFO STREAM wide", "XDEL wide 400-1 401-1", "XTRIM wide MAXLEN 150", "XINFO STREAM wide");
    }

    @Test
    void nodesSplitWhereRedisSplitsThem() {
        for (int i = 1; i <= 260; i++) {
            both("XADD", "mixed", i + "-" + (i % 3), i % 4 == 0 ? "other" : "f", "v".repeat(i % 50), "n", Integer.toString(i * 1000));
        }
        script("XINFO STREAM mixed", "XTRIM mixed MAXLEN ~ 100", "XINFO STREAM mixed");
    }

    @Test
    void consumerGroupsLifecycle() {
        script("XGROUP CREATE s g $", "XGROUP CREATE s g $ MKSTREAM", "XGROUP CREATE s g $", "XGROUP CREATE s g2 0 ENTRIESREAD 0",
                "XGROUP CREATE s g3 x", "XGROUP CREATE s g3 0 ENTRIESREAD -2", "XGROUP CREATE s g3 0 FOO",
                "XGROUP CREATE s g3 0 MKSTREAM ENTRIESREAD 3 EXTRA", "XGROUP CREATE missing g 0",
                "XGROUP CREATE new g 1-1 MKSTREAM", "XINFO STREAM new", "XINFO GROUPS new", "XGROUP SETID s g 5-0",
                "XGROUP SETID s g - ", "XGROUP SETID s g $ ENTRIESREAD 5", "XGROUP SETID s nog 0", "XGROUP SETID s g 0 FOO",
                "XGROUP SETID s g 0 ENTRIESREAD", "XGROUP CREATECONSUMER s g alice", "XGROUP CREATECONSUMER s g alice",
                "XGROUP CREATECONSUMER s nog alice", "XGROUP DELCONSUMER s g alice", "XGROUP DELCONSUMER s g alice",
                "XGROUP DESTROY s g2", "XGROUP DESTROY s g2", "XGROUP DESTROY missing g", "XINFO GROUPS s", "XGROUP FOO",
                "XGROUP HELP x", "SET str v", "XGROUP CREATE str g 0", "XINFO GROUPS str", "XINFO STREAM missing",
                "XINFO CONSUMERS s nog", "XINFO STREAM s FOO", "XINFO STREAM s FULL COUNT", "XINFO STREAM s FULL x 1",
                "XINFO STREAM s FULL COUNT x", "XINFO FOO s");
    }

    @Test
    void groupReadsPendingAckAndLag() {
        script("XADD s 1-1 a 1", "XADD s 2-1 b 2", "XADD s 3-1 c 3", "XGROUP CREATE s g 0", "XINFO GROUPS s",
                "XREADGROUP GROUP g alice COUNT 1 STREAMS s >", "XINFO GROUPS s", "XREADGROUP GROUP g bob STREAMS s >",
                "XREADGROUP GROUP g bob STREAMS s >", "XINFO GROUPS s", "XPENDING s g", "XACK s g 1-1 9-9", "XACK s g 1-1",
                "XACK s nog 1-1", "XACK missing g 1-1", "XACK s g x", "XPENDING s g", "XREADGROUP GROUP g alice STREAMS s 0",
                "XREADGROUP GROUP g bob STREAMS s 0", "XREADGROUP GROUP g bob COUNT 1 STREAMS s 0",
                "XREADGROUP GROUP g bob STREAMS s 2-1", "XDEL s 2-1", "XREADGROUP GROUP g bob STREAMS s 0", "XINFO GROUPS s",
                "XADD s 4-1 d 4", "XINFO GROUPS s", "XREADGROUP GROUP g carol NOACK STREAMS s >", "XPENDING s g",
                "XINFO GROUPS s", "XREADGROUP GROUP nog x STREAMS s >", "XREADGROUP GROUP g x STREAMS missing >",
                "XREADGROUP GROUP g x STREAMS s $", "XREADGROUP STREAMS s >", "XREADGROUP GROUP g STREAMS s >",
                "XREADGROUP GROUP g x STREAMS s", "XREADGROUP GROUP g x COUNT x STREAMS s >", "XREADGROUP GROUP g x FOO",
                "XREAD GROUP g x STREAMS s >", "XREAD NOACK STREAMS s 0", "XREAD STREAMS s >", "XREADGROUP GROUP g x STREAMS s x");
        same3("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0");
        same3("XPENDING", "s", "g");
    }

    @Test
    void pendingDetails() {
        script("XADD s 1-1 a 1", "XADD s 2-1 b 2", "XADD s 3-1 c 3", "XGROUP CREATE s g 0",
                "XREADGROUP GROUP g alice COUNT 2 STREAMS s >", "XREADGROUP GROUP g bob STREAMS s >", "XPENDING s g",
                "XPENDING s g - + 10 nobody", "XPENDING s g - + 0", "XPENDING s g x + 10", "XPENDING s g - + x",
                "XPENDING s g IDLE x - + 10", "XPENDING s g IDLE 10 - +", "XPENDING s g - +", "XPENDING s g - + 10 a b",
                "XPENDING s nog", "XPENDING missing g", "XPENDING s g (3-1 + 10", "XPENDING s g 3-1 1-1 10");
        String[] detail = replies("XPENDING", "s", "g", "-", "+", "10");
        assertThat(maskNumbers(detail[1])).isEqualTo(maskNumbers(detail[0]));
        String[] own = replies("XPENDING", "s", "g", "IDLE", "0", "-", "+", "10", "alice");
        assertThat(maskNumbers(own[1])).isEqualTo(maskNumbers(own[0]));
        String[] idle = replies("XPENDING", "s", "g", "IDLE", "600000", "-", "+", "10");
        assertThat(idle[1]).isEqualTo(idle[0]);
    }

    @Test
    void claimingAndAutoClaiming() {
        script("XADD s 1-1 a 1", "XADD s 2-1 b 2", "XADD s 3-1 c 3", "XADD s 4-1 d 4", "XGROUP CREATE s g 0",
                "XREADGROUP GROUP g alice STREAMS s >", "XCLAIM s g bob 0 1-1 2-1", "XCLAIM s g bob 0 3-1 JUSTID",
                "XCLAIM s g bob 3600000 4-1", "XCLAIM s g bob 0 9-9", "XCLAIM s g bob 0 9-9 FORCE", "XCLAIM s g bob 0 4-1 RETRYCOUNT 7 JUSTID",
                "XCLAIM s g carol 0 5-1 FORCE", "XADD s 5-1 e 5", "XCLAIM s g carol 0 5-1 FORCE", "XCLAIM s g bob x 1-1",
                "XCLAIM s g bob 0 1-1 IDLE x", "XCLAIM s g bob 0 1-1 TIME x", "XCLAIM s g bob 0 1-1 RETRYCOUNT x",
                "XCLAIM s g bob 0 1-1 LASTID x", "XCLAIM s g bob 0 1-1 FOO", "XCLAIM s g bob 0 1-1 x FORCE",
                "XCLAIM s nog bob 0 1-1", "XCLAIM missing g bob 0 1-1", "XCLAIM s g bob 0 1-1 LASTID 10-0 JUSTID",
                "XINFO GROUPS s", "XDEL s 2-1", "XCLAIM s g dave 0 2-1 1-1 JUSTID", "XPENDING s g",
                "XAUTOCLAIM s g erin 0 0 COUNT 2", "XAUTOCLAIM s g erin 0 0 JUSTID", "XAUTOCLAIM s g erin 3600000 0",
                "XDEL s 3-1", "XAUTOCLAIM s g frank 0 0 COUNT 1", "XAUTOCLAIM s g frank 0 (1-1", "XAUTOCLAIM s g x y 0",
                "XAUTOCLAIM s g x 0 x", "XAUTOCLAIM s g x 0 0 COUNT 0", "XAUTOCLAIM s g x 0 0 COUNT x", "XAUTOCLAIM s g x 0 0 FOO",
                "XAUTOCLAIM s nog x 0 0", "XAUTOCLAIM missing g x 0 0", "XPENDING s g", "XINFO CONSUMERS s nog");
        String[] consumers = replies("XINFO", "CONSUMERS", "s", "g");
        assertThat(maskNumbers(consumers[1])).isEqualTo(maskNumbers(consumers[0]));
        String[] full = replies("XINFO", "STREAM", "s", "FULL");
        assertThat(maskNumbers(full[1])).isEqualTo(maskNumbers(full[0]));
        String[] full3 = replies3("XINFO", "STREAM", "s", "FULL", "COUNT", "1");
        assertThat(maskNumbers(full3[1])).isEqualTo(maskNumbers(full3[0]));
    }

    @Test
    void plainReads() {
        script("XADD s 1-1 a 1", "XADD s 2-1 b 2", "XADD t 1-1 x 1", "XREAD STREAMS s 0", "XREAD COUNT 1 STREAMS s t 0 0",
                "XREAD STREAMS s t 2-1 0-5", "XREAD STREAMS s 2-1", "XREAD STREAMS s $", "XREAD STREAMS missing 0",
                "XREAD STREAMS s missing 0 0", "XREAD COUNT -5 STREAMS s 0", "XREAD STREAMS s", "XREAD STREAMS",
                "XREAD COUNT x STREAMS s 0", "XREAD BLOCK x STREAMS s 0", "XREAD BLOCK -1 STREAMS s 0", "XREAD FOO STREAMS s 0",
                "XREAD STREAMS s x", "XREAD STREAMS s (1-1", "XREAD BLOCK 10 STREAMS s 0", "SET str v", "XREAD STREAMS str 0",
                "XREAD STREAMS s str 0 0");
        same3("XREAD", "STREAMS", "s", "t", "0", "0");
        same3("XREAD", "STREAMS", "missing", "0");
    }

    @Test
    void infoOnStreamsAndGroups() {
        script("XADD s 1-1 a 1", "XADD s 2-1 b 2 c 3", "XGROUP CREATE s g 0", "XGROUP CREATE s a-group $",
                "XREADGROUP GROUP g alice COUNT 1 STREAMS s >", "XINFO STREAM s", "XINFO GROUPS s", "XINFO HELP x",
                "COPY s copy", "XINFO GROUPS copy", "XRANGE copy - +", "XINFO STREAM copy");
        same3("XINFO", "STREAM", "s");
        same3("XINFO", "GROUPS", "s");
        String[] full = replies("XINFO", "STREAM", "s", "FULL", "COUNT", "0");
        assertThat(maskNumbers(full[1])).isEqualTo(maskNumbers(full[0]));
    }

    /**
     * Replaces the times in a reply with a placeholder: idle times, seen times, delivery times
     * (epoch milliseconds) and XPENDING's per-entry idle time; every other number stays.
     */
    private static String maskNumbers(String reply) {
        return reply.replaceAll("(idle|seen-time)\r\n:\\d+", "$1\r\n:#")
                .replaceAll(":\\d{12,}\r\n", ":#\r\n")
                .replaceAll("(\\*4\r\n\\$\\d+\r\n[0-9-]+\r\n\\$\\d+\r\n[^\r]+\r\n):\\d+", "$1:#");
    }
}
