package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash commands against a real redis-server: same replies, errors and encodings. */
class HashCommandsIT extends ComparisonSupport {

    @Test
    void setGetAndDelete() {
        script("HSET h f1 v1", "HSET h f1 v1b f2 v2 f3 v3", "HGET h f1", "HGET h nope", "HGET missing f",
                "HMGET h f1 nope f3", "HMGET missing a b", "HSETNX h f1 x", "HSETNX h f4 v4", "HSETNX new f v",
                "HMSET h f5 v5 f6 v6", "HLEN h", "HLEN missing", "HEXISTS h f1", "HEXISTS h nope", "HEXISTS missing f",
                "HSTRLEN h f1", "HSTRLEN h nope", "HSTRLEN missing f", "HGETALL h", "HKEYS h", "HVALS h",
                "HGETALL missing", "HKEYS missing", "HVALS missing", "HDEL h f1 nope f1", "HDEL missing f",
                "HDEL h f2 f3 f4 f5 f6", "EXISTS h", "HDEL h nope", "TYPE new", "OBJECT ENCODING new");
    }

    @Test
    void arityAndTypeErrors() {
        script("HSET h f", "HSET h f v g", "HMSET h f", "HSET h", "HGET h", "HSETNX h f", "HMGET h", "HDEL h",
                "SET s v", "HSET s f v", "HGET s f", "HMGET s f", "HSETNX s f v", "HDEL s f", "HLEN s", "HEXISTS s f",
                "HSTRLEN s f", "HGETALL s", "HKEYS s", "HVALS s", "HINCRBY s f 1", "HINCRBYFLOAT s f 1",
                "HINCRBY s f x", "HINCRBYFLOAT s f x", "HSET h f v", "GET h", "INCR h", "APPEND h x", "TYPE h");
    }

    @Test
    void counters() {
        script("HINCRBY h n 5", "HINCRBY h n -7", "HINCRBY h n abc", "HINCRBY h n 1.5", "HSET h s text",
                "HINCRBY h s 1", "HSET h big 9223372036854775807", "HINCRBY h big 1", "HINCRBY h big 0",
                "HSET h small -9223372036854775808", "HINCRBY h small -1", "HINCRBY h n 9223372036854775808",
                "HSET h plus +1", "HINCRBY h plus 1", "HGET h n",
                "HINCRBYFLOAT h f 10.5", "HINCRBYFLOAT h f 0.1", "HINCRBYFLOAT h f -5.0e3", "HINCRBYFLOAT h n 1.5",
                "HINCRBYFLOAT h s 1", "HINCRBYFLOAT h f abc", "HINCRBYFLOAT h f inf", "HINCRBYFLOAT h f -inf",
                "HINCRBYFLOAT h f nan", "HINCRBYFLOAT h f 1e5000", "HSET h inf inf", "HINCRBYFLOAT h inf 1",
                "HSET h e 10000000000", "HINCRBYFLOAT h e 0.1", "HINCRBYFLOAT h e 0x10", "HGETALL h",
                "HINCRBYFLOAT newkey f 2.5", "HGETALL newkey", "HINCRBYFLOAT h f", "HINCRBY h f");
        both("HSET", "h", "padded", " 1");
        same("HINCRBY", "h", "padded", "1");
        same("HINCRBYFLOAT", "h", "padded", "1");
        same("HINCRBY", "h", "n", " 1");
        same("HINCRBYFLOAT", "h", "f", " 1");
    }

    @Test
    void resp3RepliesAMapForHgetall() {
        both("HSET", "h", "a", "1", "b", "2");
        same3("HGETALL", "h");
        same3("HGETALL", "missing");
        same3("HMGET", "h", "a", "zz");
        same3("HKEYS", "h");
        same3("HINCRBYFLOAT", "h", "a", "0.5");
        same3("HGET", "h", "zz");
    }

    @Test
    void encodingFollowsTheListpackLimits() {
        script("HSET small f v", "OBJECT ENCODING small");
        both("HSET", "long", "f", "x".repeat(64));
        same("OBJECT", "ENCODING", "long");
        both("HSET", "long", "g", "x".repeat(65));
        same("OBJECT", "ENCODING", "long");
        both("HDEL", "long", "g");
        same("OBJECT", "ENCODING", "long");
        both("HSET", "longfield", "f".repeat(65), "v");
        same("OBJECT", "ENCODING", "longfield");
        for (int i = 0; i < 512; i++) {
            both("HSET", "many", "field" + i, "v");
        }
        same("OBJECT", "ENCODING", "many");
        same("HGETALL", "many");
        both("HSET", "many", "field512", "v");
        same("OBJECT", "ENCODING", "many");
        same("HLEN", "many");
    }

    @Test
    void aHashtableHoldsTheSameFieldsInAnotherOrder() {
        for (int i = 0; i < 600; i++) {
            both("HSET", "big", "field" + i, "value" + i);
        }
        String[] keys = replies("HKEYS", "big");
        assertThat(lines(keys[1])).containsExactlyInAnyOrderElementsOf(lines(keys[0]));
        same("HLEN", "big");
        same("HGET", "big", "field599");
        same("OBJECT", "ENCODING", "big");
    }

    @Test
    void keyCommandsSeeHashes() {
        script("HSET h f v", "TYPE h", "COPY h h2", "HGETALL h2", "HSET h2 g w", "HLEN h", "HLEN h2", "DEL h2", "RENAME h h3",
                "HGET h3 f", "EXPIRE h3 100", "TTL h3", "SCAN 0 TYPE hash", "DEL h3", "EXISTS h3");
    }

    @Test
    void randomFieldsWhereTheAnswerIsDetermined() {
        script("HRANDFIELD missing", "HRANDFIELD missing 3", "HRANDFIELD missing 3 WITHVALUES", "HSET h a 1 b 2 c 3",
                "HRANDFIELD h 0", "HRANDFIELD h 3", "HRANDFIELD h 10 WITHVALUES", "HRANDFIELD h x", "HRANDFIELD h 1.5",
                "HRANDFIELD h 1 WITH", "HRANDFIELD h 1 WITHVALUES x", "HRANDFIELD h -9223372036854775808",
                "HRANDFIELD h 9223372036854775807 WITHVALUES", "HRANDFIELD h -4611686018427387904 WITHVALUES",
                "HRANDFIELD h 4611686018427387903 WITHVALUES", "SET s v", "HRANDFIELD s", "HRANDFIELD s 2",
                "HRANDFIELD s x", "HRANDFIELD missing x", "HRANDFIELD");
        same3("HRANDFIELD", "h", "5", "WITHVALUES");
        same3("HRANDFIELD", "missing");
        same3("HRANDFIELD", "missing", "2", "WITHVALUES");
    }

    @Test
    void randomFieldsAreFieldsOfTheHash() {
        both("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4");
        for (int i = 0; i < 20; i++) {
            String one = replies("HRANDFIELD", "h")[1];
            assertThat(one).isIn("$1\r\na\r\n", "$1\r\nb\r\n", "$1\r\nc\r\n", "$1\r\nd\r\n");
            List<String> two = lines(replies("HRANDFIELD", "h", "2")[1]);
            assertThat(two.get(0)).isEqualTo("*2");
            assertThat(List.of(two.get(2), two.get(4))).doesNotHaveDuplicates().isSubsetOf("a", "b", "c", "d");
            List<String> repeats = lines(replies("HRANDFIELD", "h", "-7", "WITHVALUES")[1]);
            assertThat(repeats.get(0)).isEqualTo("*14");
            for (int p = 0; p < 7; p++) {
                String field = repeats.get(2 + 4 * p);
                String value = repeats.get(4 + 4 * p);
                assertThat(value).isEqualTo(Integer.toString(field.charAt(0) - 'a' + 1));
            }
        }
    }

    @Test
    void scanOfASmallHashComesInOneReply() {
        script("HSCAN missing 0", "HSCAN missing 0 COUNT 0", "HSCAN missing abc", "HSET h a 1 b 2 ab 3",
                "HSCAN h 0", "HSCAN h 0 MATCH a*", "HSCAN h 0 COUNT 1", "HSCAN h 0 MATCH * COUNT 100", "HSCAN h 5",
                "HSCAN h 0 COUNT 0", "HSCAN h 0 COUNT x", "HSCAN h 0 TYPE hash", "HSCAN h 0 MATCH", "HSCAN h -1",
                "HSCAN h 18446744073709551616", "SET s v", "HSCAN s 0", "HSCAN s x", "HSCAN s 0 COUNT 0", "HSCAN h");
        same3("HSCAN", "h", "0");
    }

    @Test
    void scanningALargeHashReturnsEveryFieldOnce() {
        for (int i = 0; i < 700; i++) {
            both("HSET", "big", "field" + i, "value" + i);
        }
        assertThat(fullScan(1)).containsExactlyInAnyOrderElementsOf(fullScan(0));
        assertThat(fullScan(1)).hasSize(1400).doesNotHaveDuplicates();
    }

    /** Every field and value an HSCAN iteration of "big" returns, on the real (0) or our (1) server. */
    private List<String> fullScan(int side) {
        List<String> seen = new java.util.ArrayList<>();
        String cursor = "0";
        do {
            List<String> reply = lines(replies("HSCAN", "big", cursor, "COUNT", "50")[side]);
            cursor = reply.get(2);
            for (int i = 5; i < reply.size(); i += 2) {
                seen.add(reply.get(i));
            }
        } while (!cursor.equals("0"));
        return seen;
    }

    private static List<String> lines(String reply) {
        return Arrays.asList(reply.split("\r\n"));
    }
}
