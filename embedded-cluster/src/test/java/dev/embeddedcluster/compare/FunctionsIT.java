package dev.embeddedcluster.compare;

import dev.embeddedcluster.keyspace.Crc64;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Functions (FUNCTION, FCALL, FCALL_RO) against a real redis-server 7.0 in cluster mode: library
 * metadata and registration, the load-time and run-time sandboxes, every error text, flags and
 * slot rules, FUNCTION LIST's shapes in RESP2 and RESP3, DUMP and RESTORE with each policy, and
 * STATS. Redis lists libraries, and each library's functions, in the order of a hash table with a
 * random seed, so FUNCTION LIST replies are compared with those two levels sorted.
 */
class FunctionsIT extends ComparisonSupport {
    private static final String LIB1 = "#!lua name=lib1\n"
            + "redis.register_function('f1', function(keys, args) return {keys, args} end)\n"
            + "redis.register_function{function_name='ro1', callback=function(keys, args) return redis.call('get', keys[1]) end,"
            + " flags={'no-writes'}, description='reads a key'}\n";
    private static final String LIB2 = "#!lua name=lib2\n"
            + "redis.register_function('f2', function(keys, args) return redis.call('set', keys[1], args[1]) end)\n";

    @BeforeEach
    void noLibraries() {
        both("FUNCTION", "FLUSH");
    }

    private void load(String code) {
        same("FUNCTION", "LOAD", code);
    }

    /** FUNCTION LOAD's errors for each kind of bad metadata, bad registration and failing code. */
    @Test
    void loadErrors() {
        for (String code : new String[] {"return 1", "", "#", "#!lua", "#!lua name=x", "#!lua name=x\n",
                "#!lua name=x foo=bar\nreturn 1", "#!lua name=x name=y\nreturn 1", "#!lua\nreturn 1",
                "#!py name=x\nreturn 1", "#!lua name=x-y\nreturn 1", "#!lua name=\nreturn 1", "#!lua name=\"x\nreturn 1",
                "#!lua name=\"a\"b\nreturn 1", "#!lua name=x\0\nreturn 1", "#!lua name=x\nreturn (",
                "#!lua name=x\nreturn string.len('a')", "#!lua name=x\nredis.call('ping')", "#!lua name=x\nlocal x = 1 + {}",
                "#!lua name=x\nx = 1", "#!lua name=x\nredis.x = 1", "#!lua name=x\nreturn _G", "#!lua name=x\nreturn KEYS",
                "#!lua name=x\nredis.log()", "#!lua name=x\nlocal t = nil; t.x = 1", "#!lua name=x\nfor k in next, redis do end",
                "#!lua name=x\nreturn redis.REDIS_VERSION .. redis.REDIS_VERSION_NUM",
                "#!lua name=x\nredis.log(redis.LOG_WARNING, 'loading') return ('x'):rep(3)"}) {
            load(code);
        }
        for (String registration : new String[] {"redis.register_function()", "redis.register_function(1, 2, 3)",
                "redis.register_function({}, function() end)", "redis.register_function('x', 'y')",
                "redis.register_function('x')", "redis.register_function('a-b', function() end)",
                "redis.register_function('', function() end)", "redis.register_function(1.5, function() end)",
                "redis.register_function('a', function() end) redis.register_function('a', function() end)",
                "redis.register_function({function_name='x'})", "redis.register_function({callback=function() end})",
                "redis.register_function({function_name='x', callback=function() end, flags='no-writes'})",
                "redis.register_function({function_name='x', callback=function() end, flags={'bad'}})",
                "redis.register_function({function_name='x', callback=function() end, flags={1}})",
                "redis.register_function({function_name='x', callback=function() end, flags={{}}})",
                "redis.register_function({function_name='x', callback=function() end, foo=1})",
                "redis.register_function({function_name='x', callback=function() end, [1]=1})",
                "redis.register_function({function_name={}, callback=function() end})",
                "redis.register_function({function_name='x', callback=1})",
                "redis.register_function({function_name='x', callback=function() end, description={}})",
                "redis.register_function({function_name='a.b', callback=function() end})",
                "redis.register_function('a', function() end) error('late')"}) {
            load("#!lua name=e\n" + registration);
        }
        same("FUNCTION", "LOAD");
        same("FUNCTION", "LOAD", "replace");
        same("FUNCTION", "LOAD", "foo", "#!lua name=x\nreturn 1");
        same("FUNCTION", "LOAD", "replace", "replace", "#!lua name=x");
        same("FUNCTION", "LOAD", "foo\nbar", "#!lua name=x\nreturn 1");
        load(LIB1);
        load(LIB1);
        load("#!lua name=other\nredis.register_function('F1', function() return 1 end)");
        load("#!lua name=lib1\nredis.register_function('f2', function() return 1 end) return ('x'):rep(2)");
        sameList("FUNCTION", "LIST");
        same("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib1\nredis.register_function('F1', function() return 1 end)");
        same("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib1\nredis.register_function('f2', function() return 2 end)");
        same("FCALL", "f2", "0");
        same("FCALL", "F2", "0");
        same("FCALL", "f1", "0");
        same("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib1\nreturn 1");
        same("FCALL", "f2", "0");
    }

    /** Both forms of redis.register_function, the metadata's accepted spellings, and names differing only in case. */
    @Test
    void registrationForms() {
        load("#!LUA name=upper\nredis.register_function(7, function() return 'seven' end)");
        load("#!lua NAME=named\r\nredis.register_function{FUNCTION_NAME='n1', Callback=function() return 1 end, "
                + "FLAGS={'NO-WRITES', 'allow-oom', 'Allow-Stale', 'allow-cross-slot-keys'}, description=5}");
        load("#!lua \"name=quoted\"\nredis.register_function('q', redis.log)");
        load("#!lua name=both\nredis.register_function('a', function() return 'a' end)\n"
                + "redis.register_function('A', function() return 'a' end)");
        same("FCALL", "7", "0");
        same("FCALL", "N1", "0");
        same("FCALL", "a", "0");
        same("FCALL", "A", "0");
        same("FCALL", "q", "0");
        same("FUNCTION", "STATS");
        same3("FUNCTION", "STATS");
        sameList("FUNCTION", "LIST", "WITHCODE");
        // A library whose function names differ only in case breaks Redis's FUNCTION DELETE: flush it instead.
        same("FUNCTION", "FLUSH");
    }

    /** FUNCTION LIST's maps in RESP2 and RESP3, with code, filtered by a pattern in any case, and its argument errors. */
    @Test
    void listShapesAndFilters() {
        load(LIB1);
        load(LIB2);
        load("#!lua name=other\nredis.register_function{function_name='o', callback=function() return 1 end,"
                + " flags={'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}, description='all \\0 flags'}\n"
                + "-- caf\u00e9 \u00bd");
        for (String[] command : new String[][] {{"FUNCTION", "LIST"}, {"FUNCTION", "LIST", "WITHCODE"},
                {"FUNCTION", "LIST", "LIBRARYNAME", "lib*"}, {"FUNCTION", "LIST", "libraryname", "LIB?", "withcode"},
                {"FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "oth*"}, {"FUNCTION", "LIST", "LIBRARYNAME", "nomatch"},
                {"FUNCTION", "LIST", "LIBRARYNAME", "*"}}) {
            sameList(command);
            sameList3(command);
        }
        script("FUNCTION LIST LIBRARYNAME", "FUNCTION LIST foo", "FUNCTION LIST WITHCODE WITHCODE",
                "FUNCTION LIST LIBRARYNAME a LIBRARYNAME b", "FUNCTION LIST WITHCODE LIBRARYNAME");
    }

    /** FCALL and FCALL_RO: keys and arguments, replies, errors as functions report them, flags and slot rules. */
    @Test
    void fcallRunsFunctions() {
        load(LIB1);
        load(LIB2);
        load("#!lua name=t\n"
                + "redis.register_function('kg', function(k, a) return KEYS end)\n"
                + "redis.register_function('setg', function(k, a) x = 1 end)\n"
                + "redis.register_function('err1', function(k, a) error('boom') end)\n"
                + "redis.register_function('err2', function(k, a) return redis.call('nosuch') end)\n"
                + "redis.register_function('err3', function(k, a) local t = nil; return t.x end)\n"
                + "redis.register_function('err4', function(k, a) error({err='MY thing'}) end)\n"
                + "redis.register_function('err5', function(k, a) error(nil) end)\n"
                + "redis.register_function('err6', function(k, a) error('x', 0) end)\n"
                + "redis.register_function('pc', function(k, a) return redis.pcall('nosuch') end)\n"
                + "redis.register_function('regrt', function(k, a) redis.register_function('zz', function() end) end)\n"
                + "local register = redis.register_function\n"
                + "redis.register_function('late', function(k, a) register('zz', function() end) end)\n"
                + "redis.register_function('g', function(k, a) local r = {} for n in pairs(_G) do r[#r+1]=n end table.sort(r) return r end)\n"
                + "redis.register_function('rk', function(k, a) local r = {} for n in pairs(redis) do r[#r+1]=n end table.sort(r) return r end)\n"
                + "redis.register_function('multi', function(k, a) return 1, 2 end)\n"
                + "redis.register_function('none', function(k, a) end)\n"
                + "redis.register_function('rnd', function(k, a) return {math.random(1000), math.random(1000)} end)\n"
                + "redis.register_function('hash', function(k, a) redis.setresp(3); return redis.call('hgetall', k[1]) end)\n"
                + "redis.register_function('incr2', function(k, a) redis.call('incr', k[1]); return redis.call('incr', k[1]) end)\n"
                + "redis.register_function{function_name='cross', callback=function(k, a) return redis.call('get', a[1]) end}\n"
                + "redis.register_function{function_name='crossok', callback=function(k, a) return redis.call('get', a[1]) end,"
                + " flags={'allow-cross-slot-keys'}}\n"
                + "redis.register_function{function_name='nc', callback=function(k, a) return 1 end, flags={'no-cluster'}}\n"
                + "redis.register_function{function_name='rw', callback=function(k, a) return redis.call('set', k[1], 'v') end,"
                + " flags={'no-writes'}}\n"
                + "local function shout(text) return string.upper(text) .. cjson.encode({n = tonumber(text)}) end\n"
                + "redis.register_function('helper', function(k, a) return shout(a[1]) end)\n"
                + "redis.register_function('nested', function(k, a) return redis.call('fcall', 'f1', 0) end)\n");
        script("FCALL f1 2 {a}a {a}b c d", "FCALL f1 0", "FCALL_RO f1 0", "FCALL F1 1 {a}x", "FCALL f1 0 x y");
        for (String name : new String[] {"kg", "setg", "err1", "err2", "err3", "err4", "err5", "err6", "pc", "regrt",
                "late", "g", "rk", "multi", "none", "rnd", "rnd", "nc"}) {
            same("FCALL", name, "0");
        }
        script("FCALL nosuch 0", "FCALL f1 x", "FCALL f1 3 a", "FCALL f1 -1", "FCALL nosuch x", "FCALL", "FCALL_RO f1",
                "FCALL f1 2 a b");
        script("FCALL f2 1 {a}k v", "FCALL ro1 1 {a}k", "FCALL_RO ro1 1 {a}k", "FCALL_RO f2 1 {a}k w", "FCALL_RO f1 0",
                "FCALL rw 1 {a}k", "FCALL_RO rw 1 {a}k", "FCALL incr2 1 {a}n", "GET {a}n");
        script("FCALL helper 0 12", "FCALL nested 0", "MULTI", "FCALL f2 1 {a}m x", "FCALL f1 0", "EXEC", "GET {a}m");
        script("SET b other", "FCALL cross 1 {a}k b", "FCALL crossok 1 {a}k b", "FCALL cross 0 b", "FCALL cross 1 {a}k {a}k");
        both("HSET", "{a}h", "f", "v");
        same("FCALL", "hash", "1", "{a}h");
        same3("FCALL", "hash", "1", "{a}h");
        same3("FCALL", "f1", "1", "{a}a", "b");
        same3("FCALL", "err4", "0");
    }

    /** FUNCTION DELETE, FLUSH, STATS, KILL and HELP, and their argument errors. */
    @Test
    void deleteFlushStatsKillAndHelp() {
        same("FUNCTION", "STATS");
        same3("FUNCTION", "STATS");
        load(LIB1);
        load(LIB2);
        same("FUNCTION", "STATS");
        same3("FUNCTION", "STATS");
        script("FUNCTION DELETE nosuch", "FUNCTION DELETE LIB1", "FUNCTION DELETE lib1", "FCALL f1 0", "FCALL f2 1 {a}k v",
                "FUNCTION DELETE lib1", "FUNCTION DELETE", "FUNCTION DELETE lib2 x", "FUNCTION STATS");
        script("FUNCTION FLUSH x", "FUNCTION FLUSH sync x", "FUNCTION FLUSH SYNC", "FUNCTION STATS");
        load(LIB1);
        script("FUNCTION FLUSH async", "FUNCTION LIST", "FCALL f1 0");
        load(LIB1);
        script("FUNCTION FLUSH", "FUNCTION LIST");
        script("FUNCTION KILL", "FUNCTION KILL x", "FUNCTION STATS x", "FUNCTION DUMP x", "FUNCTION HELP", "FUNCTION HELP x",
                "FUNCTION foo", "FUNCTION");
        same3("FUNCTION", "HELP");
    }

    /** Each server restores its own FUNCTION DUMP payloads with each policy, and refuses what it cannot read. */
    @Test
    void dumpAndRestore() {
        sameBinary(false, bytes("FUNCTION"), bytes("DUMP"));
        restoreOwnDump(null, "+OK\r\n");
        load(LIB1);
        byte[][] lib1 = bulkFromEachSide("FUNCTION", "DUMP");
        restore(lib1, null, "-ERR Library lib1 already exists\r\n");
        restore(lib1, "APPEND", "-ERR Library lib1 already exists\r\n");
        restore(lib1, "replace", "+OK\r\n");
        restore(lib1, "FLUSH", "+OK\r\n");
        sameList("FUNCTION", "LIST", "WITHCODE");
        script("FUNCTION DELETE lib1");
        load("#!lua name=lib3\nredis.register_function('F1', function() return 3 end)");
        restore(lib1, null, "-ERR Function f1 already exists\r\n");
        restore(lib1, "REPLACE", "-ERR Function f1 already exists\r\n");
        sameList("FUNCTION", "LIST");
        restore(lib1, "FLUSH", "+OK\r\n");
        sameList("FUNCTION", "LIST", "WITHCODE");
        load(LIB2);
        byte[][] both = bulkFromEachSide("FUNCTION", "DUMP");
        script("FUNCTION FLUSH");
        restore(both, null, "+OK\r\n");
        sameList("FUNCTION", "LIST", "WITHCODE");
        script("FCALL f1 1 {a}a b", "FCALL f2 1 {a}k v", "FUNCTION STATS");
        restore(both, "REPLACE", "+OK\r\n");
        script("FUNCTION DELETE lib2");
        load("#!lua name=lib4\nredis.register_function('f2', function() return 4 end)");
        restore(both, "REPLACE", "-ERR Function f2 already exists\r\n");
        sameList("FUNCTION", "LIST");

        script("FUNCTION RESTORE", "FUNCTION RESTORE abc", "FUNCTION RESTORE abc foo", "FUNCTION RESTORE abc FLUSH x",
                "FUNCTION RESTORE 0123456789");
        same("FUNCTION", "RESTORE", "");
        for (byte[] payload : new byte[][] {damaged(both[0]), damaged(both[1]), Arrays.copyOf(both[1], both[1].length - 1)}) {
            sameBinary(false, bytes("FUNCTION"), bytes("RESTORE"), payload);
        }
        sameList("FUNCTION", "LIST");
    }

    /** Payloads move both ways: the real server restores the emulator's and the emulator the real server's. */
    @Test
    void payloadsAreExchangeable() {
        load(LIB1);
        load("#!lua name=big\n" + "-- padding\n".repeat(50)
                + "redis.register_function('big', function() return 'big' end)\n");
        byte[][] dumps = bulkFromEachSide("FUNCTION", "DUMP");
        script("FUNCTION FLUSH");
        String[] replies = callEachSide(new byte[][] {bytes("FUNCTION"), bytes("RESTORE"), dumps[1]},
                new byte[][] {bytes("FUNCTION"), bytes("RESTORE"), dumps[0]});
        assertThat(replies).containsOnly("+OK\r\n");
        sameList("FUNCTION", "LIST", "WITHCODE");
        script("FCALL big 0", "FCALL f1 1 {a}a b");
    }

    /** Payloads with a valid checksum whose content is wrong: each error RESTORE reports, and 7.0's release-candidate record. */
    @Test
    void restoreReadsRecordsAsRedisDoes() {
        byte[] lib = bytes("#!lua name=crafted\nredis.register_function('c', function() return 'c' end)");
        byte[][] payloads = {
            payload(record(245, lib), record(245, lib)),
            payload(new byte[] {1, 5, 'a', 'b', 'c', 'd', 'e'}),
            payload(record(245, bytes("return 1"))),
            payload(new byte[] {(byte) 245, 60, 'a'}),
            payload(new byte[] {(byte) 245, (byte) 0xc0, 7}),
            payload(record(245, bytes("#!lua name=bad\nreturn (")),
                    record(245, lib)),
            payload(concat(new byte[] {(byte) 246}, string(bytes("old")), string(bytes("lua")), new byte[] {0},
                    string(bytes("redis.register_function('old', function() return 'old' end)")))),
            payload(concat(new byte[] {(byte) 246}, string(bytes("withdesc")), string(bytes("LUA")), new byte[] {1},
                    string(bytes("ignored")), string(bytes("redis.register_function('wd', function() return 'wd' end)")))),
            payload(concat(new byte[] {(byte) 246}, string(bytes("x")))),
        };
        for (byte[] payload : payloads) {
            sameBinary(false, bytes("FUNCTION"), bytes("RESTORE"), payload);
            sameList("FUNCTION", "LIST", "WITHCODE");
        }
        script("FCALL old 0", "FCALL wd 0");
        byte[] future = payload(record(245, lib));
        future[future.length - 10] = 11;
        sameBinary(false, bytes("FUNCTION"), bytes("RESTORE"), withChecksum(Arrays.copyOf(future, future.length - 8)));
    }

    /** Library code that runs too long while it loads is stopped after half a second. */
    @Test
    void slowLibraryCodeTimesOut() {
        load("#!lua name=slow\nlocal i = 0\nwhile true do i = i + 1 end");
        same("FUNCTION", "STATS");
    }

    /** MONITOR shows FCALL (and EVAL) before the commands the script runs, which come from the "lua" client. */
    @Test
    void monitorsSeeTheCallBeforeItsCommands() throws Exception {
        both("FUNCTION", "LOAD", LIB2);
        sameOnBoth((connect, transcript) -> {
            try (RespClient monitor = connect.get(); RespClient client = connect.get()) {
                transcript.add(monitor.call("MONITOR"));
                client.call("FCALL", "f2", "1", "{a}k", "v");
                client.call("FCALL", "nosuch", "0");
                client.call("EVAL", "return redis.call('get', KEYS[1])", "1", "{a}k");
                client.call("GET", "{a}k");
                for (int i = 0; i < 6; i++) {
                    transcript.add(monitor.readReply()
                            .replaceFirst("^\\+\\d+\\.\\d{6} \\[0 [0-9.]+:\\d+\\]", "+<time> [0 <client>]")
                            .replaceFirst("^\\+\\d+\\.\\d{6} \\[0 lua\\]", "+<time> [0 lua]"));
                }
            }
        });
    }

    // ---- helpers ----

    /** FUNCTION LIST on both servers over RESP2, compared with libraries and functions in sorted order. */
    private void sameList(String... command) {
        String[] replies = replies(command);
        assertThat(canonical(replies[1])).as("RESP2 reply to %s", Arrays.toString(command)).isEqualTo(canonical(replies[0]));
    }

    private void sameList3(String... command) {
        String[] replies = replies3(command);
        assertThat(canonical(replies[1])).as("RESP3 reply to %s", Arrays.toString(command)).isEqualTo(canonical(replies[0]));
    }

    /**
     * A reply with the elements of every array made only of aggregates sorted: the libraries of
     * FUNCTION LIST and the functions of each, whose order is a hash table's in Redis.
     */
    static String canonical(String utf8Reply) {
        // Bulk lengths count bytes: work on one char per byte.
        String reply = new String(utf8Reply.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        int[] position = {0};
        String result = canonical(reply, position);
        assertThat(position[0]).isEqualTo(reply.length());
        return result;
    }

    private static String canonical(String reply, int[] position) {
        int lineEnd = reply.indexOf("\r\n", position[0]);
        String header = reply.substring(position[0], lineEnd + 2);
        char type = header.charAt(0);
        position[0] = lineEnd + 2;
        if (type == '$' || type == '=') {
            int length = Integer.parseInt(header.substring(1, header.length() - 2));
            if (length < 0) {
                return header;
            }
            String body = reply.substring(position[0], position[0] + length + 2);
            position[0] += length + 2;
            return header + body;
        }
        if (type != '*' && type != '%' && type != '~') {
            return header;
        }
        int count = Integer.parseInt(header.substring(1, header.length() - 2)) * (type == '%' ? 2 : 1);
        List<String> elements = new ArrayList<>();
        boolean allAggregates = count > 0;
        for (int i = 0; i < count; i++) {
            char elementType = reply.charAt(position[0]);
            allAggregates &= elementType == '*' || elementType == '%';
            elements.add(canonical(reply, position));
        }
        if (type == '*' && allAggregates) {
            elements.sort(null);
        }
        return header + String.join("", elements);
    }

    /** Each server restores its own payload with the policy (null: none given); both replies must be {@code expected}. */
    private void restore(byte[][] payloads, String policy, String expected) {
        byte[][][] commands = new byte[2][][];
        for (int side = 0; side < 2; side++) {
            commands[side] = policy == null
                    ? new byte[][] {bytes("FUNCTION"), bytes("RESTORE"), payloads[side]}
                    : new byte[][] {bytes("FUNCTION"), bytes("RESTORE"), payloads[side], bytes(policy)};
        }
        String[] replies = callEachSide(commands[0], commands[1]);
        assertThat(replies[0]).as("real server's reply to RESTORE %s", policy).isEqualTo(expected);
        assertThat(replies[1]).as("emulator's reply to RESTORE %s", policy).isEqualTo(expected);
    }

    private void restoreOwnDump(String policy, String expected) {
        restore(bulkFromEachSide("FUNCTION", "DUMP"), policy, expected);
    }

    private static byte[] damaged(byte[] payload) {
        byte[] copy = payload.clone();
        copy[copy.length / 2] ^= 1;
        return copy;
    }

    /** A record: the opcode, then the code as an RDB string. */
    private static byte[] record(int opcode, byte[] code) {
        return concat(new byte[] {(byte) opcode}, string(code));
    }

    /** An RDB string of fewer than 16384 bytes. */
    private static byte[] string(byte[] bytes) {
        byte[] length = bytes.length < 64 ? new byte[] {(byte) bytes.length}
                : new byte[] {(byte) (0x40 | bytes.length >> 8), (byte) bytes.length};
        return concat(length, bytes);
    }

    /** Records followed by RDB version 10 and the checksum. */
    private static byte[] payload(byte[]... records) {
        return withChecksum(concat(concat(records), new byte[] {10, 0}));
    }

    private static byte[] withChecksum(byte[] body) {
        long crc = Crc64.of(body, body.length);
        byte[] checksum = new byte[8];
        for (int i = 0; i < 8; i++) {
            checksum[i] = (byte) (crc >>> (8 * i));
        }
        return concat(body, checksum);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
