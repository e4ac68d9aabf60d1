package dev.embeddedcluster.e2e;

import dev.embeddedcluster.ClusterNode;
import dev.embeddedcluster.EmbeddedRedisCluster;
import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection that attaches to a master with PSYNC at the master's own offset continues the
 * stream (+CONTINUE) with no snapshot: it then reads the writes as RESP commands, counted in
 * bytes from that offset, and its REPLCONF ACKs show in INFO replication, ROLE and WAIT, as a
 * Redis replica's do.
 */
class ReplicaConnectionIT {
    private static EmbeddedRedisCluster cluster;
    private static ClusterNode master;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(1).replicasPerMaster(1).build().start();
        master = cluster.masters().get(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String field(String info, String name) {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + info));
    }

    @Test
    void continuesTheStreamAndCountsItsAcknowledgements() {
        try (RespClient client = new RespClient(master.host(), master.port());
             RespClient link = new RespClient(master.host(), master.port())) {
            assertThat(link.call("REPLCONF", "listening-port", "4321")).isEqualTo("+OK\r\n");
            assertThat(link.call("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
            String info = client.call("INFO", "replication");
            String replid = field(info, "master_replid");
            long offset = Long.parseLong(field(info, "master_repl_offset"));
            link.send("PSYNC", replid, Long.toString(offset + 1));
            assertThat(link.readReply()).isEqualTo("+CONTINUE " + replid + "\r\n");

            String key = "{" + "k" + "}" + System.nanoTime();
            client.call("SET", key, "v", "PX", "100000");
            byte[] set = link.readReplyBytes();
            long selectLength = 0;
            if (new String(set, StandardCharsets.UTF_8).equals("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n")) {
                // The stream names its database before its first command, and after a snapshot.
                selectLength = set.length;
                set = link.readReplyBytes();
            }
            String command = new String(set, StandardCharsets.UTF_8);
            // Expiries reach replicas as absolute times, as Redis propagates them.
            assertThat(command).startsWith("*5\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\nv\r\n$4\r\nPXAT\r\n");
            long applied = offset + selectLength + set.length;
            String after = client.call("INFO", "replication");
            assertThat(Long.parseLong(field(after, "master_repl_offset"))).isEqualTo(applied);
            assertThat(field(after, "connected_slaves")).isEqualTo("2");
            assertThat(field(after, "slave1")).startsWith("ip=127.0.0.1,port=4321,state=online,offset=0,lag=");

            link.send("REPLCONF", "ACK", Long.toString(applied));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    field(client.call("INFO", "replication"), "slave1").contains(",offset=" + applied + ","));
            assertThat(client.call("ROLE")).contains("$9\r\n127.0.0.1\r\n$4\r\n4321\r\n$" + Long.toString(applied).length()
                    + "\r\n" + applied + "\r\n");
            assertThat(client.call("WAIT", "2", "1000")).isEqualTo(":2\r\n");

            // A WAIT that blocks asks the replicas for an acknowledgement in the stream.
            client.call("SET", key, "w");
            byte[] second = link.readReplyBytes();
            client.send("WAIT", "2", "5000");
            byte[] getack = link.readReplyBytes();
            assertThat(new String(getack, StandardCharsets.UTF_8))
                    .isEqualTo("*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n");
            link.send("REPLCONF", "ACK", Long.toString(applied + second.length + getack.length));
            assertThat(client.readReply()).isEqualTo(":2\r\n");

            // A replica gets no replies: a command that would reply ends its connection, as in Redis 7.
            link.send("PING");
            assertThat(link.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    field(client.call("INFO", "replication"), "connected_slaves").equals("1"));
        }
    }

    @Test
    void aStreamItCannotContinueNeedsASnapshot() {
        try (RespClient client = new RespClient(master.host(), master.port());
             RespClient link = new RespClient(master.host(), master.port())) {
            String info = client.call("INFO", "replication");
            String replid = field(info, "master_replid");
            long offset = Long.parseLong(field(info, "master_repl_offset"));
            link.send("PSYNC", replid, Long.toString(offset));
            assertThat(link.readReply()).startsWith("+FULLRESYNC " + replid + " ");
        }
    }

    @Test
    void afterASnapshotTheStreamSelectsItsDatabaseBeforeATransaction() throws Exception {
        try (RespClient client = new RespClient(master.host(), master.port());
             java.net.Socket link = new java.net.Socket(master.host(), master.port())) {
            link.setSoTimeout(5000);
            java.io.InputStream in = new java.io.BufferedInputStream(link.getInputStream());
            link.getOutputStream().write(RespClient.frame(new byte[][] {"PSYNC".getBytes(), "?".getBytes(), "-1".getBytes()}));
            String fullResync = line(in);
            assertThat(fullResync).startsWith("+FULLRESYNC ");
            long offset = Long.parseLong(fullResync.substring(fullResync.lastIndexOf(' ') + 1));
            String bulk = line(in);
            // Without capa eof: a sized bulk with no CRLF after it, then the stream.
            byte[] rdb = in.readNBytes(Integer.parseInt(bulk.substring(1)));
            assertThat(new String(rdb, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
            client.call("MULTI");
            client.call("SET", "{t}1", "a");
            client.call("SET", "{t}2", "b");
            client.call("EXEC");
            String expected = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$5\r\nMULTI\r\n"
                    + "*3\r\n$3\r\nSET\r\n$4\r\n{t}1\r\n$1\r\na\r\n*3\r\n$3\r\nSET\r\n$4\r\n{t}2\r\n$1\r\nb\r\n"
                    + "*1\r\n$4\r\nEXEC\r\n";
            byte[] stream = in.readNBytes(expected.length());
            assertThat(new String(stream, StandardCharsets.UTF_8)).isEqualTo(expected);
            link.getOutputStream().write(RespClient.frame(new byte[][] {"REPLCONF".getBytes(), "ACK".getBytes(),
                    Long.toString(offset + expected.length()).getBytes()}));
            assertThat(client.call("WAIT", "2", "2000")).isEqualTo(":2\r\n");
        }
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new java.io.EOFException(line.toString());
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
