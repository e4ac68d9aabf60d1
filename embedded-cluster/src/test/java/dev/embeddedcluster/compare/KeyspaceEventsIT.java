package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keyspace notifications against a real redis-server: a subscriber listens to every keyspace
 * and keyevent channel while another connection runs commands; after each command a marker
 * published on a channel the subscriber also listens to closes what that command published, so
 * the transcripts hold every event in order, and the absence of events too.
 */
class KeyspaceEventsIT extends ComparisonSupport {

    @AfterEach
    void notificationsOff() {
        both("CONFIG", "SET", "notify-keyspace-events", "");
    }

    /**
     * A subscriber to every keyspace and keyevent channel, and a connection running commands with
     * notify-keyspace-events set as given. Lines are split on spaces; a line starting with "~"
     * has its reply left out of the transcript (random members, times).
     */
    private static final class Events implements AutoCloseable {
        final Supplier<RespClient> connect;
        final List<String> transcript;
        final RespClient subscriber;
        final RespClient client;
        private int markers;
        private boolean inTransaction;

        Events(Supplier<RespClient> connect, List<String> transcript, String flags) {
            this.connect = connect;
            this.transcript = transcript;
            subscriber = connect.get();
            client = connect.get();
            transcript.add(subscriber.call("PSUBSCRIBE", "__key*@0__:*"));
            transcript.add(subscriber.call("SUBSCRIBE", "marker"));
            transcript.add(client.call("CONFIG", "SET", "notify-keyspace-events", flags));
        }

        /** Runs each line and records its reply and then the events it published. */
        void run(String... lines) {
            for (String line : lines) {
                boolean unrecordedReply = line.startsWith("~");
                String[] command = (unrecordedReply ? line.substring(1) : line).split(" ");
                String reply = client.call(command);
                transcript.add(line + " -> " + (unrecordedReply ? "(not compared)" : reply));
                // Inside MULTI the marker would be queued: what EXEC runs is drained after it.
                inTransaction = command[0].equalsIgnoreCase("multi")
                        || inTransaction && !command[0].equalsIgnoreCase("exec") && !command[0].equalsIgnoreCase("discard");
                if (!inTransaction) {
                    drain();
                }
            }
        }

        /** Records the events published so far, up to a marker published now. */
        void drain() {
            transcript.addAll(eventsUpToMarker());
        }

        /** The same, sorted: for events whose order is the server's choice (keys the active expiry met). */
        void drainSorted() {
            List<String> events = eventsUpToMarker();
            java.util.Collections.sort(events);
            transcript.addAll(events);
        }

        private List<String> eventsUpToMarker() {
            String marker = Integer.toString(++markers);
            client.call("PUBLISH", "marker", marker);
            String expected = "*3\r\n$7\r\nmessage\r\n$6\r\nmarker\r\n$" + marker.length() + "\r\n" + marker + "\r\n";
            List<String> events = new java.util.ArrayList<>();
            for (String message = subscriber.readReply(); !message.equals(expected); message = subscriber.readReply()) {
                events.add("  " + message.replace("\r\n", " "));
            }
            return events;
        }

        /** Waits for the next event (up to the read timeout) and records it. */
        void next() {
            transcript.add("  " + subscriber.readReply().replace("\r\n", " "));
        }

        @Override
        public void close() {
            client.call("CONFIG", "SET", "notify-keyspace-events", "");
            subscriber.close();
            client.close();
        }
    }

    /**
     * Runs the lines on both servers with the flags set and compares the transcripts; they must
     * hold events when the flags name a channel and a class these commands have events of (not
     * only expired, evicted or module ones), so that no comparison passes for want of events.
     */
    private void eventsOf(String flags, String... lines) throws Exception {
        boolean channel = flags.contains("K") || flags.contains("E");
        boolean eventfulClass = flags.chars().anyMatch(c -> "Ag$lshztnm".indexOf(c) >= 0);
        List<String> transcript = new java.util.ArrayList<>();
        sameOnBoth((connect, t) -> {
            try (Events events = new Events(connect, t, flags)) {
                events.run(lines);
            }
            transcript.clear();
            transcript.addAll(t);
        });
        assertThat(transcript.stream().anyMatch(line -> line.contains("pmessage")))
                .as("events published with %s", flags).isEqualTo(channel && eventfulClass);
    }

    @Test
    void configGetShowsTheCanonicalSettingAndRejectsUnknownClasses() {
        for (String setting : List.of("AKE", "KEA", "gKE$lshzxetd", "A", "n", "An", "AnK", "Em", "mE", "KEAm", "KEAmn",
                "Kl", "E$", "x", "xxK", "EgEg", "K", "E", "dtezhsl$g", "")) {
            same("CONFIG", "SET", "notify-keyspace-events", setting);
            same("CONFIG", "GET", "notify-keyspace-events");
        }
        same("CONFIG", "SET", "notify-keyspace-events", "Kl");
        for (String bad : List.of("KEQ", "K E", "ake", "a", "1", "KE*")) {
            same("CONFIG", "SET", "notify-keyspace-events", bad);
            same("CONFIG", "GET", "notify-keyspace-events");
        }
        same("CONFIG", "SET", "notify-keyspace-events", "KEA", "hz", "nope");
        same("CONFIG", "GET", "notify-keyspace-events");
        same("CONFIG", "SET", "NOTIFY-KEYSPACE-EVENTS", "Elg");
        same("CONFIG", "GET", "notify*");
    }

    @Test
    void stringCommands() throws Exception {
        eventsOf("KEA",
                "SET {t}s v", "SET {t}s w EX 100", "SET {t}s x KEEPTTL", "SET {t}s y NX", "SET {t}s y XX PX 5000",
                "SET {t}s z GET", "SET {t}missing z XX", "SET {t}s2 v EXAT 99999999999", "SET {t}s3 v PXAT 99999999999999",
                "SETNX {t}s no", "SETNX {t}n yes", "SETEX {t}e 100 v", "PSETEX {t}p 100000 v", "SETEX {t}e 0 v",
                "GETSET {t}s again", "GETSET {t}fresh v", "GETDEL {t}fresh", "GETDEL {t}fresh",
                "GETEX {t}s", "GETEX {t}s EX 100", "GETEX {t}s PX 100000", "GETEX {t}s PERSIST", "GETEX {t}s PERSIST",
                "GETEX {t}s EXAT 1", "GETEX {t}s", "GET {t}s",
                "MSET {t}a 1 {t}b 2 {t}a 3", "MSETNX {t}a 1 {t}c 2", "MSETNX {t}c 1 {t}d 2",
                "INCR {t}i", "DECR {t}i", "INCRBY {t}i 10", "DECRBY {t}i 3", "INCR {t}s", "INCRBY {t}i x",
                "INCRBYFLOAT {t}f 1.5", "INCRBYFLOAT {t}f 2", "INCRBYFLOAT {t}s 1",
                "APPEND {t}ap hello", "APPEND {t}ap more", "SETRANGE {t}sr 3 abc", "SETRANGE {t}sr 0 X",
                "SETRANGE {t}sr 1 ", "SETRANGE {t}none 5 ", "STRLEN {t}sr", "GETRANGE {t}sr 0 -1", "MGET {t}a {t}zz",
                "LCS {t}a {t}b", "LPUSH {t}list x", "SET {t}list v", "GET {t}list");
    }

    @Test
    void listCommands() throws Exception {
        eventsOf("KEA",
                "LPUSH {t}l a b", "RPUSH {t}l c d e", "LPUSHX {t}l z", "RPUSHX {t}l y", "LPUSHX {t}none z",
                "RPUSHX {t}none z", "LPOP {t}l", "RPOP {t}l 2", "LPOP {t}l 0", "LPOP {t}none", "LPOP {t}none 2",
                "LINSERT {t}l BEFORE c new", "LINSERT {t}l AFTER nothere x", "LINSERT {t}none AFTER a x",
                "LSET {t}l 0 first", "LSET {t}l 99 x", "LSET {t}none 0 x", "LTRIM {t}l 0 1", "LTRIM {t}l 0 -1",
                "LTRIM {t}none 0 1", "LREM {t}l 0 nothere", "LREM {t}l 1 first", "RPUSH {t}l a a a", "LREM {t}l -2 a",
                "LTRIM {t}l 5 10", "EXISTS {t}l", "RPUSH {t}r 1", "LREM {t}r 0 1",
                "RPUSH {t}src 1 2 3", "LMOVE {t}src {t}dst LEFT RIGHT", "RPOPLPUSH {t}src {t}dst",
                "LMOVE {t}src {t}dst RIGHT LEFT", "LMOVE {t}src {t}dst LEFT LEFT", "LMOVE {t}dst {t}dst LEFT RIGHT",
                "RPUSH {t}one x", "LMOVE {t}one {t}one LEFT LEFT", "SET {t}str v", "LMOVE {t}dst {t}str LEFT LEFT",
                "RPUSH {t}m 1 2 3", "LMPOP 2 {t}none {t}m LEFT COUNT 2", "LMPOP 1 {t}m RIGHT COUNT 5", "LMPOP 1 {t}m LEFT",
                "RPUSH {t}b 1 2", "BLPOP {t}none {t}b 1", "BRPOP {t}b 1", "RPUSH {t}b 1 2 3",
                "BLMPOP 1 2 {t}b {t}none RIGHT COUNT 2", "BLMOVE {t}b {t}c RIGHT LEFT 1", "BRPOPLPUSH {t}c {t}d 1",
                "LLEN {t}d", "LRANGE {t}d 0 -1", "LINDEX {t}d 0", "LPOS {t}d 1");
    }

    @Test
    void hashCommands() throws Exception {
        eventsOf("KEA",
                "HSET {t}h a 1 b 2", "HSET {t}h a 1", "HMSET {t}h c 3", "HSETNX {t}h a 9", "HSETNX {t}h d 4",
                "HSETNX {t}new f v", "HDEL {t}h nothere", "HDEL {t}h a b", "HDEL {t}none a", "HINCRBY {t}h n 5",
                "HINCRBY {t}h c x", "HINCRBY {t}h n 9223372036854775807", "HINCRBYFLOAT {t}h fl 1.5",
                "HINCRBYFLOAT {t}h2 fl 2", "HDEL {t}h c d n fl", "EXISTS {t}h", "HSET {t}s", "SET {t}s v", "HSET {t}s f v",
                "HGET {t}h2 fl", "HGETALL {t}h2", "HLEN {t}h2", "HDEL {t}h2 fl");
    }

    @Test
    void setCommands() throws Exception {
        eventsOf("KEA",
                "SADD {t}s a b c", "SADD {t}s a", "SREM {t}s x", "SREM {t}s a", "SREM {t}none a", "SADD {t}one only",
                "SPOP {t}one", "SPOP {t}none", "SADD {t}one only", "SPOP {t}one 5", "SPOP {t}none 2", "SPOP {t}s 0",
                "~SPOP {t}s 1", "SADD {t}s a b c d e f", "~SPOP {t}s 2", "~SPOP {t}s 3", "SADD {t}m x", "SADD {t}m2 y",
                "SMOVE {t}m {t}m2 nothere", "SMOVE {t}m {t}m2 x", "SADD {t}m x", "SADD {t}m2 x", "SMOVE {t}m {t}m2 x",
                "SMOVE {t}m2 {t}m2 x", "SMOVE {t}none {t}m2 x", "SADD {t}p 1 2 3", "SADD {t}q 2 3 4",
                "SINTERSTORE {t}out {t}p {t}q", "SUNIONSTORE {t}out {t}p {t}q", "SDIFFSTORE {t}out {t}p {t}q",
                "SINTERSTORE {t}out {t}p {t}none", "SINTERSTORE {t}out {t}p {t}none", "SDIFFSTORE {t}o2 {t}p {t}p",
                "SUNIONSTORE {t}o3 {t}p", "SUNIONSTORE {t}o3 {t}none", "SINTERSTORE {t}p {t}p {t}q",
                "SMEMBERS {t}p", "SISMEMBER {t}p 2", "SCARD {t}p", "SINTER {t}p {t}q", "~SRANDMEMBER {t}p");
    }

    @Test
    void sortedSetCommands() throws Exception {
        eventsOf("KEA",
                "ZADD {t}z 1 a 2 b", "ZADD {t}z 1 a", "ZADD {t}z 5 a", "ZADD {t}z XX 1 new", "ZADD {t}z NX 9 a",
                "ZADD {t}z CH 6 a 3 c", "ZADD {t}z GT 1 a", "ZADD {t}z INCR 1 a", "ZADD {t}z XX INCR 1 zz",
                "ZADD {t}none XX 1 a", "ZINCRBY {t}z 2 b", "ZINCRBY {t}z 0 b", "ZREM {t}z nothere", "ZREM {t}z a",
                "ZREM {t}none a", "ZADD {t}z 4 d 5 e 6 f 7 g", "ZREMRANGEBYSCORE {t}z 100 200", "ZREMRANGEBYSCORE {t}z 6 6",
                "ZREMRANGEBYRANK {t}z 0 0", "ZREMRANGEBYLEX {t}z [d [e", "ZREMRANGEBYRANK {t}none 0 1",
                "ZREMRANGEBYRANK {t}z 0 -1", "ZADD {t}p 1 a 2 b 3 c", "ZPOPMIN {t}p", "ZPOPMAX {t}p 0", "ZPOPMAX {t}p 5",
                "ZPOPMIN {t}none", "ZADD {t}p 1 a 2 b 3 c", "ZMPOP 2 {t}none {t}p MIN COUNT 2", "BZPOPMAX {t}p 1",
                "ZADD {t}p 1 a", "BZMPOP 1 1 {t}p MAX", "ZADD {t}x 1 a 2 b", "ZADD {t}y 2 b 3 c", "SADD {t}set b z",
                "ZUNIONSTORE {t}out 2 {t}x {t}y", "ZINTERSTORE {t}out 2 {t}x {t}set", "ZDIFFSTORE {t}out 2 {t}x {t}y",
                "ZINTERSTORE {t}out 2 {t}x {t}none", "ZINTERSTORE {t}out 2 {t}x {t}none", "ZDIFFSTORE {t}o2 1 {t}none",
                "ZRANGESTORE {t}r {t}y 0 -1", "ZRANGESTORE {t}r {t}y 5 10", "ZRANGESTORE {t}r {t}none 0 -1",
                "ZRANGESTORE {t}r2 {t}y 10 20", "ZRANGE {t}y 0 -1", "ZSCORE {t}y b", "ZCARD {t}y", "ZRANK {t}y c");
    }

    @Test
    void streamCommands() throws Exception {
        eventsOf("KEA",
                "XADD {t}x 1-1 f v", "XADD {t}x 2-1 f v", "XADD {t}x 1-1 f v", "XADD {t}x MAXLEN 2 3-1 f v",
                "XADD {t}x MAXLEN 5 4-1 f v", "XADD {t}none NOMKSTREAM 1-1 f v", "XADD {t}x MINID 4-1 5-1 f v",
                "XDEL {t}x 9-9", "XDEL {t}x 4-1", "XDEL {t}none 1-1", "XTRIM {t}x MAXLEN 10", "XTRIM {t}x MAXLEN 0",
                "XTRIM {t}none MAXLEN 0", "XSETID {t}x 10-0", "XSETID {t}none 1-1", "XADD {t}g 1-1 f v",
                "XADD {t}g 2-1 f v", "XGROUP CREATE {t}g grp 0", "XGROUP CREATE {t}g grp 0",
                "XGROUP CREATE {t}new grp $ MKSTREAM", "XGROUP CREATE {t}none grp $", "XGROUP CREATECONSUMER {t}g grp c1",
                "XGROUP CREATECONSUMER {t}g grp c1", "XGROUP SETID {t}g grp 0", "XREADGROUP GROUP grp alice COUNT 1 STREAMS {t}g >",
                "XREADGROUP GROUP grp alice STREAMS {t}g >", "XREADGROUP GROUP grp bob STREAMS {t}g >",
                "XREADGROUP GROUP grp carol STREAMS {t}g 0", "XREADGROUP GROUP grp dave NOACK STREAMS {t}g >",
                "XGROUP SETID {t}g grp 0", "XREADGROUP GROUP grp erin NOACK STREAMS {t}g >",
                "XCLAIM {t}g grp frank 0 1-1 JUSTID", "XCLAIM {t}g grp frank 0 2-1 JUSTID", "XCLAIM {t}g grp gina 0 9-9",
                "XAUTOCLAIM {t}g grp hank 0 0 JUSTID", "XAUTOCLAIM {t}g grp ivan 0 9-9", "XACK {t}g grp 1-1",
                "XGROUP DELCONSUMER {t}g grp nobody", "XGROUP DELCONSUMER {t}g grp alice", "XGROUP DESTROY {t}g nogrp",
                "XGROUP DESTROY {t}g grp", "XLEN {t}g", "XRANGE {t}g - +", "XREAD STREAMS {t}none {t}g 0-0");
    }

    @Test
    void geoHyperLogLogAndBitCommands() throws Exception {
        eventsOf("KEA",
                "GEOADD {t}geo 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", "GEOADD {t}geo NX 1 1 Palermo",
                "GEOSEARCHSTORE {t}near {t}geo FROMLONLAT 15 37 BYRADIUS 200 km ASC",
                "GEOSEARCHSTORE {t}near {t}geo FROMLONLAT 15 37 BYRADIUS 1 km", "GEOSEARCHSTORE {t}near {t}geo FROMLONLAT 15 37 BYRADIUS 1 km",
                "GEOSEARCHSTORE {t}near {t}none FROMLONLAT 15 37 BYRADIUS 1 km",
                "GEORADIUS {t}geo 15 37 200 km STORE {t}r", "GEORADIUSBYMEMBER {t}geo Palermo 500 km STOREDIST {t}r",
                "GEOPOS {t}geo Palermo", "GEODIST {t}none a b",
                "PFADD {t}h a b c", "PFADD {t}h a", "PFADD {t}h", "PFADD {t}h2", "PFCOUNT {t}h", "PFCOUNT {t}none",
                "PFMERGE {t}m {t}h {t}none", "PFMERGE {t}m", "PFADD {t}str", "SET {t}s v", "PFADD {t}s a",
                "SETBIT {t}b 7 1", "SETBIT {t}b 7 1", "SETBIT {t}b 7 0", "SETBIT {t}b 100 0", "GETBIT {t}b 7",
                "BITFIELD {t}bf SET u8 0 255", "BITFIELD {t}bf SET u8 0 255", "BITFIELD {t}bf INCRBY u8 0 1",
                "BITFIELD {t}bf GET u8 0", "BITFIELD {t}bf OVERFLOW FAIL INCRBY u8 0 300", "BITFIELD {t}none GET u8 0",
                "BITFIELD_RO {t}bf GET u8 0", "BITOP OR {t}dest {t}b {t}bf", "BITOP AND {t}dest {t}none {t}none2",
                "BITOP AND {t}dest {t}none", "BITCOUNT {t}none", "BITPOS {t}none 1");
    }

    @Test
    void genericKeyCommands() throws Exception {
        eventsOf("KEA",
                "MSET {t}a 1 {t}b 2 {t}c 3", "DEL {t}a {t}nothere {t}b", "UNLINK {t}c {t}c", "SET {t}k v",
                "EXPIRE {t}k 100", "PEXPIRE {t}k 100000", "EXPIRE {t}k 100 NX", "EXPIRE {t}k 200 GT", "EXPIREAT {t}k 99999999999",
                "PEXPIREAT {t}k 99999999999999", "PERSIST {t}k", "PERSIST {t}k", "EXPIRE {t}none 100", "EXPIRE {t}k -1",
                "EXISTS {t}k", "SET {t}k v", "PEXPIREAT {t}k 1", "SET {t}k v", "EXPIREAT {t}k 1 XX", "TTL {t}k",
                "PTTL {t}none", "TYPE {t}k", "TOUCH {t}k {t}none", "SET {t}from v", "RENAME {t}from {t}to",
                "SET {t}from w", "RENAME {t}from {t}to", "RENAME {t}to {t}to", "RENAME {t}none {t}to", "SET {t}from x",
                "RENAMENX {t}from {t}to", "RENAMENX {t}from {t}new", "RPUSH {t}list 3 1 2", "COPY {t}list {t}copy",
                "COPY {t}list {t}copy", "COPY {t}list {t}copy REPLACE", "COPY {t}none {t}copy", "COPY {t}list {t}fresh",
                "SORT {t}list", "SORT {t}list STORE {t}sorted", "SORT {t}list STORE {t}sorted", "SORT {t}none STORE {t}sorted",
                "SORT {t}none STORE {t}sorted", "SADD {t}set b a", "SORT {t}set ALPHA STORE {t}sorted",
                "OBJECT ENCODING {t}list", "OBJECT ENCODING {t}none", "DUMP {t}none", "~KEYS {t}*", "~SCAN 0 COUNT 1000",
                "~RANDOMKEY", "DBSIZE");
    }

    @Test
    void restoreCreatesAKey() throws Exception {
        sameOnBoth((connect, t) -> {
            try (Events events = new Events(connect, t, "KEA")) {
                events.run("HSET {t}h f v", "SET {t}other x");
                byte[] payload = events.client.callForBulk("DUMP", "{t}h");
                events.drain();
                for (String[] options : List.of(new String[] {"{t}copy", "0"}, new String[] {"{t}copy", "0"},
                        new String[] {"{t}copy", "0", "REPLACE"}, new String[] {"{t}other", "100000", "REPLACE"},
                        new String[] {"{t}other", "1", "REPLACE", "ABSTTL"}, new String[] {"{t}gone", "1", "ABSTTL"},
                        new String[] {"{t}fresh", "99999999999999", "ABSTTL"})) {
                    byte[][] command = new byte[options.length + 2][];
                    command[0] = bytes("RESTORE");
                    command[1] = bytes(options[0]);
                    command[2] = bytes(options[1]);
                    command[3] = payload;
                    for (int i = 2; i < options.length; i++) {
                        command[i + 2] = bytes(options[i]);
                    }
                    t.add(String.join(" ", options) + " -> " + events.client.call(command));
                    events.drain();
                }
                events.run("HGETALL {t}copy", "EXISTS {t}other {t}gone", "TTL {t}copy");
            }
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void blockedClientsServedLater() throws Exception {
        sameOnBoth((connect, t) -> {
            try (Events events = new Events(connect, t, "KEA"); RespClient blocked = connect.get()) {
                block(events, blocked, "BLPOP", "{t}q", "{t}other", "5");
                events.run("RPUSH {t}q a");
                t.add(blocked.readReply());
                events.drain();
                block(events, blocked, "BRPOP", "{t}q", "5");
                events.run("RPUSH {t}q a b");
                t.add(blocked.readReply());
                events.run("LRANGE {t}q 0 -1");
                block(events, blocked, "BLMOVE", "{t}src", "{t}dst", "LEFT", "RIGHT", "5");
                events.run("LPUSH {t}src x");
                t.add(blocked.readReply());
                events.drain();
                block(events, blocked, "BRPOPLPUSH", "{t}src", "{t}dst", "5");
                events.run("LPUSH {t}src y z");
                t.add(blocked.readReply());
                events.drain();
                block(events, blocked, "BLMOVE", "{t}empty", "{t}str", "LEFT", "RIGHT", "5");
                events.run("SET {t}str v", "LPUSH {t}empty 1");
                t.add(blocked.readReply());
                events.run("LLEN {t}empty");
                block(events, blocked, "BLMPOP", "5", "2", "{t}m", "{t}n", "RIGHT", "COUNT", "3");
                events.run("RPUSH {t}n 1 2");
                t.add(blocked.readReply());
                events.drain();
                block(events, blocked, "BZPOPMIN", "{t}z", "5");
                events.run("ZADD {t}z 1 a 2 b");
                t.add(blocked.readReply());
                events.drain();
                block(events, blocked, "BZMPOP", "5", "1", "{t}z2", "MAX", "COUNT", "5");
                events.run("ZADD {t}z2 3 c");
                t.add(blocked.readReply());
                events.drain();
                events.run("XADD {t}s 1-1 f v", "XGROUP CREATE {t}s grp $");
                block(events, blocked, "XREADGROUP", "GROUP", "grp", "newbie", "BLOCK", "5000", "STREAMS", "{t}s", ">");
                events.run("XADD {t}s 2-1 f v");
                t.add(blocked.readReply());
                events.drain();
                block(events, blocked, "XREAD", "BLOCK", "5000", "STREAMS", "{t}s", "$");
                events.run("XADD {t}s 3-1 f v");
                t.add(blocked.readReply());
                events.drain();
            }
        });
    }

    /** Sends a blocking command and waits until the server counts its client as blocked. */
    private static void block(Events events, RespClient blocked, String... command) {
        blocked.send(command);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.client.call("INFO", "clients").contains("blocked_clients:1\r\n"));
    }

    @Test
    void transactionsPublishAsTheyRun() throws Exception {
        eventsOf("KEA", "MULTI", "SET {t}a 1", "RPUSH {t}l x", "LPOP {t}l", "DEL {t}a", "EXEC",
                "MULTI", "SET {t}a 1", "DISCARD");
    }

    @Test
    void eachClassAndChannelAlone() throws Exception {
        String[] mixed = {"SET {t}s v EX 100", "APPEND {t}s x", "RPUSH {t}l a b", "LPOP {t}l 2", "HSET {t}h f v",
            "HDEL {t}h f", "SADD {t}set m", "SREM {t}set m", "ZADD {t}z 1 m", "ZPOPMIN {t}z", "XADD {t}x 1-1 f v",
            "XTRIM {t}x MAXLEN 0", "PFADD {t}hll a", "SETBIT {t}bits 1 1", "RENAME {t}s {t}s2", "DEL {t}s2 {t}x {t}hll",
            "GET {t}missing", "EXISTS {t}missing", "SET {t}gone v", "PEXPIREAT {t}gone 1", "PERSIST {t}bits",
            "EXPIRE {t}bits 100", "PERSIST {t}bits"};
        for (String flags : List.of("Kg", "E$", "Kl", "Eh", "Ks", "Ez", "Kt", "Eg$", "Klshz", "KEm", "Km", "Em", "En", "Kn",
                "Ex", "Ee", "Ed", "A", "K", "E", "KE", "AE", "AK", "KA", "AKE", "KEAmn", "KEn", "")) {
            eventsOf(flags, mixed);
        }
    }

    @Test
    void newKeysAreAnnouncedWhereTheyAreCreated() throws Exception {
        eventsOf("KEAn",
                "SET {t}a 1", "SET {t}a 2", "SETNX {t}b 1", "MSET {t}a 1 {t}c 2", "INCR {t}i", "INCR {t}i",
                "INCRBYFLOAT {t}f 1", "APPEND {t}ap x", "SETRANGE {t}sr 1 x", "LPUSH {t}l x", "LPUSH {t}l y",
                "RPUSHX {t}none x", "HSET {t}h f v", "HINCRBY {t}h2 f 1", "SADD {t}s x", "ZADD {t}z 1 a", "ZADD {t}z2 XX 1 a",
                "XADD {t}x 1-1 f v", "XGROUP CREATE {t}x2 g $ MKSTREAM", "PFADD {t}hll a", "PFMERGE {t}hll2 {t}hll",
                "SETBIT {t}bits 1 1", "BITFIELD {t}bf SET u8 0 1", "BITOP NOT {t}not {t}bits", "BITOP NOT {t}not {t}bits",
                "GEOADD {t}geo 1 1 p", "LMOVE {t}l {t}l2 LEFT LEFT", "SMOVE {t}s {t}s2 x", "SINTERSTORE {t}si {t}s2",
                "SINTERSTORE {t}si {t}s2", "SUNIONSTORE {t}si {t}s2", "ZUNIONSTORE {t}zu 1 {t}z", "ZUNIONSTORE {t}zu 1 {t}z",
                "ZRANGESTORE {t}zr {t}z 0 -1", "SORT {t}l2 ALPHA STORE {t}sorted", "SORT {t}l2 ALPHA STORE {t}sorted",
                "GEOSEARCHSTORE {t}gs {t}geo FROMLONLAT 1 1 BYRADIUS 10 km", "RENAME {t}a {t}renamed",
                "SET {t}a 5", "RENAME {t}a {t}renamed", "COPY {t}renamed {t}copy", "COPY {t}renamed {t}copy REPLACE",
                "GETSET {t}gs2 v", "SETEX {t}ex 100 v", "SET {t}ex w EX 100", "SET {t}exget x GET");
    }

    @Test
    void keyMissesAreReportedForReadsOnly() throws Exception {
        eventsOf("KEm",
                "GET {t}m", "MGET {t}a {t}b", "SET {t}s v", "MGET {t}s {t}m", "SET {t}m v", "DEL {t}m", "SET {t}x v GET",
                "GETDEL {t}m", "GETEX {t}m", "GETSET {t}gs v", "STRLEN {t}m", "GETRANGE {t}m 0 1", "LCS {t}m {t}n",
                "LCS {t}m {t}n LEN BAD", "EXISTS {t}m {t}s {t}n", "TYPE {t}m", "TTL {t}m", "PTTL {t}m", "EXPIRETIME {t}m",
                "TOUCH {t}m", "OBJECT ENCODING {t}m", "DUMP {t}m", "EXPIRE {t}m 10", "PERSIST {t}m", "INCR {t}i",
                "APPEND {t}ap x", "HGET {t}h f", "HMGET {t}h a b", "HGETALL {t}h", "HLEN {t}h", "HEXISTS {t}h f",
                "HSTRLEN {t}h f", "HRANDFIELD {t}h", "HRANDFIELD {t}h 2", "HSCAN {t}h 0", "HSET {t}h f v", "HDEL {t}h2 f",
                "LRANGE {t}l 0 -1", "LLEN {t}l", "LINDEX {t}l 0", "LPOS {t}l a", "LPOP {t}l", "LPUSHX {t}l a", "LREM {t}l 0 a",
                "LMOVE {t}l {t}l2 LEFT LEFT", "BLPOP {t}l 0.01", "SMEMBERS {t}st", "SISMEMBER {t}st a", "SMISMEMBER {t}st a b",
                "SCARD {t}st", "SRANDMEMBER {t}st", "SINTER {t}st {t}s2", "SINTERCARD 2 {t}st {t}s2", "SUNION {t}st {t}s2",
                "SDIFF {t}st {t}s2", "SINTERSTORE {t}d {t}st {t}s2", "SUNIONSTORE {t}d {t}st", "SPOP {t}st", "SREM {t}st a",
                "SMOVE {t}st {t}s2 a", "SSCAN {t}st 0", "ZRANGE {t}z 0 -1", "ZRANGEBYSCORE {t}z 0 1", "ZCARD {t}z",
                "ZSCORE {t}z a", "ZMSCORE {t}z a", "ZRANK {t}z a", "ZCOUNT {t}z 0 1", "ZLEXCOUNT {t}z - +",
                "ZRANDMEMBER {t}z", "ZUNION 2 {t}z {t}z2", "ZINTERCARD 1 {t}z", "ZUNIONSTORE {t}d 2 {t}z {t}z2",
                "ZRANGESTORE {t}d {t}z 0 -1", "ZPOPMIN {t}z", "ZREM {t}z a", "ZREMRANGEBYRANK {t}z 0 1", "ZSCAN {t}z 0",
                "XRANGE {t}x - +", "XLEN {t}x", "XREAD STREAMS {t}x {t}y 0 0", "XREADGROUP GROUP g c STREAMS {t}x >",
                "XINFO STREAM {t}x", "XPENDING {t}x g", "XACK {t}x g 1-1", "XCLAIM {t}x g c 0 1-1",
                "XAUTOCLAIM {t}x g c 0 0", "XDEL {t}x 1-1", "XTRIM {t}x MAXLEN 0", "XGROUP CREATE {t}x g $",
                "PFCOUNT {t}p", "PFCOUNT {t}p {t}q", "PFMERGE {t}p {t}q", "PFADD {t}p2 a", "GETBIT {t}b 0", "BITCOUNT {t}b",
                "BITPOS {t}b 1", "BITFIELD {t}b GET u8 0", "BITFIELD_RO {t}b GET u8 0", "BITFIELD {t}b2 SET u8 0 1",
                "BITOP OR {t}d {t}b {t}b3", "SETBIT {t}b4 0 1", "GEOPOS {t}g a", "GEODIST {t}g a b", "GEOHASH {t}g a",
                "GEOSEARCH {t}g FROMLONLAT 0 0 BYRADIUS 1 km", "GEOSEARCHSTORE {t}d {t}g FROMLONLAT 0 0 BYRADIUS 1 km",
                "SORT {t}sl", "SORT {t}sl STORE {t}d", "COPY {t}m {t}n", "RENAME {t}m {t}n", "~KEYS {t}*", "~SCAN 0",
                "EXISTS {t}s");
    }

    @Test
    void expiredKeysAreAnnouncedByTheNodeThatReclaimsThem() throws Exception {
        sameOnBoth((connect, t) -> {
            try (Events events = new Events(connect, t, "KEx")) {
                events.run("SET {t}soon v PX 100", "SET {t}later v PX 100000");
                events.next();
                events.drain();
                events.run("SET {t}lazy v PX 200", "HSET {t}h f v", "PEXPIRE {t}h 200", "RPUSH {t}l a", "PEXPIRE {t}l 200");
                awaitGone(events.client, "{t}lazy");
                awaitGone(events.client, "{t}h");
                awaitGone(events.client, "{t}l");
                events.drainSorted();
                events.run("DEL {t}later", "GET {t}lazy");
            }
        });
    }

    @Test
    void aCommandMeetingAnExpiredKeyReclaimsItFirst() throws Exception {
        // "pause" lets the keys' 30 ms pass (their events drained long before): whether the active
        // expiry or the next command then reclaims a key, the events are the same, and are
        // drained after that command.
        List<String> lines = List.of(
                "SET {t}a v PX 30", "pause", "SET {t}a w",
                "SET {t}b v PX 30", "pause", "SETEX {t}b 100 w",
                "SET {t}c v PX 30", "pause", "SET {t}c w NX",
                "SET {t}d 1 PX 30", "pause", "INCR {t}d",
                "SET {t}e v PX 30", "pause", "APPEND {t}e w",
                "SET {t}f v PX 30", "pause", "GET {t}f",
                "SET {t}g v PX 30", "pause", "DEL {t}g",
                "SET {t}h v PX 30", "pause", "EXISTS {t}h",
                "SET {t}i v PX 30", "pause", "RENAME {t}i {t}i2",
                "RPUSH {t}j a", "PEXPIRE {t}j 30", "pause", "RPUSH {t}j b",
                "HSET {t}k f v", "PEXPIRE {t}k 30", "pause", "HSET {t}k f w",
                "SADD {t}l a", "SADD {t}m a", "PEXPIRE {t}l 30", "pause", "SINTERSTORE {t}m {t}l",
                "ZADD {t}n 1 a", "PEXPIRE {t}n 30", "pause", "ZADD {t}n 2 b",
                "XADD {t}o 1-1 f v", "PEXPIRE {t}o 30", "pause", "XADD {t}o 2-1 f v");
        sameOnBoth((connect, t) -> {
            try (Events events = new Events(connect, t, "KEAnm")) {
                for (String line : lines) {
                    if (line.equals("pause")) {
                        Thread.sleep(60);
                    } else {
                        events.run(line);
                    }
                }
            }
        });
    }

    private static void awaitGone(RespClient client, String key) {
        await().atMost(Duration.ofSeconds(5)).until(() -> client.call("EXISTS", key).equals(":0\r\n"));
    }

    @Test
    void expiredAndNewAndGenericTogether() throws Exception {
        sameOnBoth((connect, t) -> {
            try (Events events = new Events(connect, t, "KEA")) {
                events.run("SET {t}k v PX 100");
                events.next();
                events.next();
                events.drain();
                events.run("SET {t}k again", "EXPIRE {t}k 0", "GET {t}k");
            }
        });
    }

    @Test
    void anEmptySettingTurnsEverythingOff() throws Exception {
        sameOnBoth((connect, t) -> {
            try (Events events = new Events(connect, t, "KEAnm")) {
                events.run("SET {t}a 1", "GET {t}missing", "CONFIG SET notify-keyspace-events ", "SET {t}a 2",
                        "GET {t}missing", "LPUSH {t}l x", "DEL {t}a {t}l", "CONFIG GET notify-keyspace-events",
                        "CONFIG SET notify-keyspace-events Kl", "LPUSH {t}l x", "SET {t}a 3",
                        "CONFIG SET notify-keyspace-events KE", "LPUSH {t}l x", "SET {t}a 3");
            }
        });
    }

    @Test
    void aResp3ClientSubscribedToItsOwnEventsGetsThemAmongItsReplies() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient client = connect.get()) {
                t.add(client.call("HELLO", "3").contains("proto") ? "hello" : "no hello");
                t.add(client.call("CONFIG", "SET", "notify-keyspace-events", "KEA"));
                t.add(client.call("SUBSCRIBE", "__keyevent@0__:set", "__keyevent@0__:hset", "marker"));
                t.add(client.call("PSUBSCRIBE", "__keyspace@0__:*"));
                int markers = 0;
                for (String line : List.of("SET {t}a 1", "HSET {t}h f v", "RPUSH {t}l a b c", "LPOP {t}l 2",
                        "ZADD {t}z 1 a 2 b", "ZPOPMIN {t}z", "ZPOPMAX {t}z 5", "SADD {t}s a", "SPOP {t}s",
                        "XADD {t}x 1-1 f v", "XGROUP CREATE {t}x g 0", "XREADGROUP GROUP g c STREAMS {t}x >",
                        "EXPIRE {t}a 100", "DEL {t}a {t}h", "GET {t}a")) {
                    String marker = Integer.toString(++markers);
                    String markerPush = ">3\r\n$7\r\nmessage\r\n$6\r\nmarker\r\n$" + marker.length() + "\r\n" + marker + "\r\n";
                    client.send(line.split(" "));
                    client.send("PUBLISH", "marker", marker);
                    t.add(line);
                    // Every frame up to the marker's own push and PUBLISH's reply after it.
                    boolean sawMarker = false;
                    for (String frame = client.readReply(); !(sawMarker && frame.startsWith(":")); frame = client.readReply()) {
                        t.add("  " + frame.replace("\r\n", " "));
                        sawMarker = frame.equals(markerPush);
                    }
                }
                t.add(client.call("CONFIG", "SET", "notify-keyspace-events", ""));
            }
        });
    }
}
