package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/**
 * maxmemory-clients (client eviction) compared with redis-server 7.0.15: which connection is
 * closed (without a reply), which keep working, and evicted_clients. A bulk of 2 MB announced in
 * a client's query buffer takes 2 MB at once on both (Redis makes room for a big argument when
 * its length arrives).
 */
class ClientEvictionIT extends ComparisonSupport {
    private static final byte[] BIG_BULK_HEADER = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n".getBytes(StandardCharsets.US_ASCII);

    private static long evicted(RespClient client) {
        String info = client.call("INFO", "stats");
        return Long.parseLong(info.replaceFirst("(?s).*\r\nevicted_clients:(\\d+)\r\n.*", "$1"));
    }

    @Test
    void theBiggestClientIsEvictedWithoutAReplyAndTheOthersKeepWorking() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient admin = connect.get(); RespClient small = connect.get(); RespClient big = connect.get()) {
                long before = evicted(admin);
                t.add(admin.call("CONFIG", "SET", "maxmemory-clients", "1mb"));
                t.add(admin.call("CONFIG", "GET", "maxmemory-clients"));
                t.add(small.call("PING"));
                big.sendRaw(BIG_BULK_HEADER);
                t.add("big closed: " + big.closedByServer());
                t.add(small.call("PING"));
                t.add(admin.call("PING"));
                t.add("evicted: " + (evicted(admin) - before));
                t.add(admin.call("CONFIG", "SET", "maxmemory-clients", "0"));
            }
        });
    }

    /**
     * A NO-EVICT client still counts in the total: over the limit because of it, Redis evicts the
     * others, however small, and keeps it.
     */
    @Test
    void aNoEvictClientIsKeptAndTheOthersGo() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient admin = connect.get(); RespClient small = connect.get(); RespClient big = connect.get()) {
                long before = evicted(admin);
                t.add(admin.call("CLIENT", "NO-EVICT", "on"));
                t.add(admin.call("CONFIG", "SET", "maxmemory-clients", "1mb"));
                t.add(small.call("PING"));
                t.add(big.call("CLIENT", "NO-EVICT", "on"));
                t.add(big.call("CLIENT", "INFO").replaceFirst("(?s).* (flags=\\S+) .*", "$1"));
                big.sendRaw(BIG_BULK_HEADER);
                t.add("small closed: " + small.closedByServer());
                big.sendRaw(("v".repeat(2_000_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                t.add(big.readReply());
                t.add(big.call("STRLEN", "k"));
                t.add(admin.call("PING"));
                t.add("evicted: " + (evicted(admin) - before));
                t.add(big.call("CLIENT", "NO-EVICT", "off"));
                t.add(admin.call("CONFIG", "SET", "maxmemory-clients", "0"));
            }
        });
    }

    /** A percent of maxmemory: nothing while maxmemory is 0; once it is set, the limit acts at once. */
    @Test
    void aPercentOfMaxmemory() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient admin = connect.get(); RespClient small = connect.get(); RespClient big = connect.get()) {
                long before = evicted(admin);
                t.add(admin.call("CONFIG", "SET", "maxmemory-clients", "5%"));
                t.add(admin.call("CONFIG", "GET", "maxmemory-clients"));
                t.add(small.call("PING"));
                big.sendRaw(BIG_BULK_HEADER);
                t.add(admin.call("PING"));
                t.add("evicted while maxmemory is 0: " + (evicted(admin) - before));
                t.add(admin.call("CONFIG", "SET", "maxmemory", "20mb"));
                t.add("big closed: " + big.closedByServer());
                t.add(small.call("PING"));
                t.add("evicted at 5% of 20mb: " + (evicted(admin) - before));
                t.add(admin.call("CONFIG", "SET", "maxmemory-clients", "0", "maxmemory", "0"));
            }
        });
    }

    @Test
    void noEvictArguments() {
        script("CLIENT NO-EVICT on", "CLIENT NO-EVICT OFF", "CLIENT NO-EVICT maybe", "CLIENT NO-EVICT",
                "CLIENT NO-EVICT on off");
        same("CONFIG", "SET", "maxmemory-clients", "101%");
        same("CONFIG", "SET", "maxmemory-clients", "-1");
        same("CONFIG", "SET", "maxmemory-clients", "1k");
        same("CONFIG", "GET", "maxmemory-clients");
        same("CONFIG", "SET", "maxmemory-clients", "0");
    }
}
