package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/**
 * The differences from Redis 7.0.15 that the fuzzer ({@code fuzz.FuzzIT}) found, each reduced to
 * a few commands and kept as a recorded comparison.
 */
class FuzzRegressionsIT extends ComparisonSupport {

    @Test
    void integerArgumentsAreReadAsRedisReadsThem() {
        script("SET {f}a 1", "SET {f}b x", "CLUSTER COUNTKEYSINSLOT -0", "CLUSTER COUNTKEYSINSLOT 01",
                "CLUSTER GETKEYSINSLOT 00 1", "CLUSTER GETKEYSINSLOT 1 +1", "SELECT 9223372036854775807",
                "SELECT -9223372036854775809", "SELECT 2147483648", "SELECT -0", "COPY {f}a {f}b DB 4294967296",
                "COPY {f}a {f}b DB -2147483649", "ACL GENPASS 00", "ACL GENPASS +1", "ACL LOG 01", "HELLO 03",
                "HELLO +2");
    }

    @Test
    void setrangeFarBeyondTheLargestStringIsRefused() {
        script("SET {f}a abc", "SETRANGE {f}a 9223372036854775807 x", "SETRANGE {f}a 536870911 xy",
                "SETRANGE {f}missing 9223372036854775807 x", "GET {f}a");
    }

    @Test
    void getexChecksTheKeyBeforeItsExpiry() {
        script("HSET {f}h f v", "GETEX {f}h PX -1", "GETEX {f}h EX x", "GETEX {f}missing PX -1", "GETEX {f}missing EX x",
                "SET {f}s v", "GETEX {f}s PX -1", "GETEX {f}s EX x", "GETEX {f}s EX", "GET {f}s");
    }

    @Test
    void expiretimeOfTheLatestTime() {
        script("SET {f}a 1", "PEXPIREAT {f}a 9223372036854775807", "EXPIRETIME {f}a", "PEXPIRETIME {f}a");
    }

    @Test
    void scanTakesAnEmptyCursorAsZero() {
        script("SET {f}a 1");
        same("SCAN", "");
        same("SCAN", "", "MATCH", "{f}*", "TYPE");
        same("HSET", "{f}h", "f", "v");
        same("HSCAN", "{f}h", "");
    }

    @Test
    void pubsubChannelsTakesOnePattern() {
        script("PUBSUB CHANNELS a b", "PUBSUB SHARDCHANNELS a b", "PUBSUB channels * *", "PUBSUB CHANNELS *");
    }

    @Test
    void luaSyntaxErrorsNameTheTokenAsLuaDoes() {
        script("SCRIPT LOAD 1", "EVAL 1.5 0", "EVAL_RO 0 0", "SCRIPT LOAD x=");
        sameBinary(false, bytes("SCRIPT"), bytes("LOAD"), new byte[] {(byte) 0xe9});
        sameBinary(false, bytes("EVAL"), new byte[] {'x', ' ', (byte) 0xff}, bytes("0"));
    }

    @Test
    void errorsRepeatArgumentsAsTheirBytes() {
        script("XADD {f}s 1-1 f v");
        byte[] latin1 = {'g', (byte) 0xe9};
        byte[] withNulAndLineBreak = {'a', 0, 'b', '\r', '\n'};
        byte[] lineBreak = {'a', '\r', '\n', 'b'};
        for (byte[] name : new byte[][] {latin1, withNulAndLineBreak, lineBreak}) {
            sameBinary(false, bytes("XCLAIM"), bytes("{f}s"), name, bytes("c"), bytes("0"), bytes("1-1"));
            sameBinary(false, bytes("XGROUP"), bytes("CREATECONSUMER"), bytes("{f}s"), name, bytes("c"));
            sameBinary(false, bytes("XINFO"), bytes("CONSUMERS"), bytes("{f}s"), name);
            sameBinary(false, bytes("XREADGROUP"), bytes("GROUP"), name, bytes("c"), bytes("STREAMS"), bytes("{f}s"), bytes(">"));
            sameBinary(false, bytes("ACL"), bytes("DRYRUN"), name, bytes("get"), bytes("k"));
            sameBinary(false, bytes("ACL"), bytes("DRYRUN"), bytes("default"), name);
            sameBinary(false, bytes("LATENCY"), bytes("GRAPH"), name);
            sameBinary(false, name, bytes("x"));
            sameBinary(false, bytes("OBJECT"), name);
            sameBinary(false, bytes("ACL"), bytes("CAT"), name);
            sameBinary(false, bytes("EXPIREAT"), bytes("{f}s"), bytes("GT"), name);
        }
    }

    @Test
    void execIsRoutedByTheCommandsQueuedBeforeARefusal() {
        script("MULTI", "SET {a}x 1", "SET {b}y 1", "GET", "EXEC", "GET {a}x");
        script("MULTI", "GET", "SET {a}x 1", "SET {b}y 1", "EXEC", "GET {a}x");
        script("MULTI", "SET {a}x 1", "SET", "CLIENT INFO x y", "EXEC");
    }

    @Test
    void execWithArgumentsDiscardsTheTransaction() {
        script("EXEC x", "MULTI", "SET {f}a 1", "EXEC x", "EXEC", "GET {f}a", "WATCH {f}a", "EXEC x", "MULTI",
                "EXEC");
    }

    @Test
    void keyCountsAreReadWithAtoiWhereTheirSpecFails() {
        script("EVAL x 1e3 {f}a b", "EVAL x +1 {f}a b", "EVAL_RO x 1x {f}a other", "EVAL x 5 {f}a other",
                "FCALL f 1.5 {f}a other", "ZUNIONSTORE {f}d 2x {f}a other", "SINTERCARD 1x {f}a other",
                "LMPOP 1x {f}a other LEFT", "COMMAND GETKEYS eval x 1e3 a b", "COMMAND GETKEYS zunionstore d 1x a b",
                "COMMAND GETKEYS eval x 5 a b");
        same("EVAL", "x", " 2", "{f}a", "other");
    }

    @Test
    void trackingInBroadcastWithoutPrefixesFollowsTheEmptyPrefix() {
        script("CLIENT TRACKING ON BCAST", "CLIENT TRACKINGINFO", "CLIENT TRACKING ON BCAST PREFIX a", "CLIENT TRACKINGINFO",
                "CLIENT TRACKING OFF", "CLIENT TRACKING ON BCAST PREFIX a", "CLIENT TRACKING ON BCAST", "CLIENT TRACKINGINFO");
    }

    @Test
    void malformedRequestsAsRedisParsesThem() throws Exception {
        String tooLong = "x".repeat(70_000);
        String[] inputs = {"*-0\r\nPING\r\n", "*01\r\n$4\r\nPING\r\n", "*1\r\n$-0\r\nPING\r\n", "*1\r\n$04\r\nPING\r\n",
                "*1\r\n$+4\r\nPING\r\n", "*2\r\n$4\r\nPING\r\r\n$3\r\nx y\r\n", "*1\r\n\r\n", "**2\r\n$4\r\nECHO\r\n",
                "*1\r\n$4\r\nPI\u0000G\r\n*x\r\n", "*2\r\n$4\r\nPING\r\n$3\u00e9\r\nabc\r\n",
                "*-9223372036854775808\r\nPING\r\n*x\r\n", "*9999999999999999999\r\n", "ECHO\u0000a\r\n" + tooLong,
                "*1\u0000\r\n" + tooLong};
        sameOnBoth((connect, t) -> {
            for (String input : inputs) {
                t.add("reply to " + shown(input) + ": " + exchange(connect.get(), input));
            }
            // a bulk header's LF still to come: the server waits for it before looking at the line
            RespClient client = connect.get();
            client.sendRaw(latin1("*3\r\n$5\r\nMULTI\r\nECHO\r"));
            t.add("before the LF: " + (client.replyWithin(300) ? "an answer" : "no answer"));
            t.add("after it: " + exchange(client, "\n"));
        });
    }

    /** Sends the bytes, collects every reply until the server closes the connection (a timeout fails). */
    private static String exchange(RespClient client, String input) {
        try (client) {
            client.sendRaw(latin1(input));
            StringBuilder replies = new StringBuilder();
            while (true) {
                try {
                    replies.append(client.readReply());
                } catch (RespClient.ClosedByServer closed) {
                    return replies.append("<closed>").toString();
                }
            }
        }
    }

    private static String shown(String input) {
        String cut = input.length() > 40 ? input.substring(0, 40) + "...(" + input.length() + " bytes)" : input;
        return cut.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
