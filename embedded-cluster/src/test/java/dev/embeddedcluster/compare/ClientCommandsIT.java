package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CLIENT LIST, INFO and KILL against a real redis-server: the fields' names and order byte for
 * byte, and their values where both servers must agree (a connection's state, not its address,
 * id, age or the memory its buffers happen to take).
 */
class ClientCommandsIT extends ComparisonSupport {
    /** Fields whose values depend on the connection's state alone. */
    private static final Set<String> DETERMINISTIC = Set.of("name", "flags", "db", "sub", "psub", "ssub", "multi",
            "obl", "oll", "omem", "events", "cmd", "user", "resp");
    /**
     * Fields that are figures of the asking client's own buffers (rbp, the reply buffer's recent
     * peak, depends on when Redis's cron last looked).
     */
    private static final Set<String> ASKER_MEMORY = Set.of("qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs");

    /** A CLIENT LIST or INFO line as "name=value" pairs in order, the values not compared shown as "*". */
    private static String comparable(String line, boolean asker, Map<String, String> ids) {
        StringBuilder shown = new StringBuilder();
        for (String field : line.split(" ")) {
            int eq = field.indexOf('=');
            String name = field.substring(0, eq);
            String value = field.substring(eq + 1);
            boolean compared = DETERMINISTIC.contains(name) || asker && ASKER_MEMORY.contains(name);
            if (name.equals("redir")) {
                value = ids.getOrDefault(value, value);
                compared = true;
            }
            shown.append(shown.length() == 0 ? "" : " ").append(name).append('=').append(compared ? value : "*");
        }
        return shown.toString();
    }

    /** The body of a CLIENT LIST or INFO reply (bulk in RESP2, verbatim in RESP3), one element a line. */
    private static List<String> lines(String reply) {
        String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        if (body.startsWith("txt:")) {
            body = body.substring(4);
        }
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String id(RespClient client) {
        return client.call("CLIENT", "ID").substring(1).trim();
    }

    @Test
    void everyFieldInRedisOrderWithTheConnectionsState() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient asker = connect.get(); RespClient subscriber = connect.get(); RespClient queued = connect.get();
                    RespClient blocked = connect.get(); RespClient tracker = connect.get(); RespClient resp3 = connect.get()) {
                Map<String, String> ids = new LinkedHashMap<>();
                ids.put("-1", "-1");
                for (RespClient c : List.of(asker, subscriber, queued, blocked, tracker, resp3)) {
                    ids.put(id(c), "<id " + ids.size() + ">");
                }
                String subscriberId = ids.keySet().toArray(new String[0])[2];
                asker.call("CLIENT", "SETNAME", "asker");
                subscriber.call("CLIENT", "SETNAME", "subscriber");
                subscriber.call("SUBSCRIBE", "{c}a", "{c}b");
                subscriber.call("PSUBSCRIBE", "{c}*");
                queued.call("MULTI");
                queued.call("SET", "{c}k", "value");
                queued.call("INCR", "{c}n");
                blocked.send("BLPOP", "{c}list", "0");
                t.add(tracker.call("CLIENT", "TRACKING", "ON", "REDIRECT", subscriberId, "BCAST", "PREFIX", "{c}"));
                tracker.call("READONLY");
                resp3.call("HELLO", "3", "SETNAME", "three");
                resp3.call("CLIENT", "NO-EVICT", "on");
                Thread.sleep(50);
                String[] command = new String[3 + ids.size() - 1];
                command[0] = "CLIENT";
                command[1] = "LIST";
                command[2] = "ID";
                int i = 3;
                for (String id : ids.keySet()) {
                    if (!id.equals("-1")) {
                        command[i++] = id;
                    }
                }
                List<String> list = lines(asker.call(command));
                for (int j = 0; j < list.size(); j++) {
                    // The asker's own figures are not compared here: the ids it sends differ in length.
                    t.add(comparable(list.get(j), false, ids));
                }
                t.add(comparable(lines(asker.call("CLIENT", "INFO")).get(0), true, ids));
                t.add(comparable(lines(resp3.call("CLIENT", "INFO")).get(0), true, ids));
                t.add(queued.call("CLIENT", "INFO"));
                for (String type : List.of("normal", "pubsub", "master", "replica", "slave", "NORMAL")) {
                    List<String> ofType = new ArrayList<>();
                    for (String line : lines(asker.call("CLIENT", "LIST", "TYPE", type))) {
                        String id = line.substring(3, line.indexOf(' '));
                        if (ids.containsKey(id)) {
                            ofType.add(ids.get(id));
                        }
                    }
                    // Redis's cron rotates its list of clients: the order is not the connections'.
                    t.add(type + ": " + ofType.stream().sorted().toList());
                }
                String exec = queued.call("EXEC");
                int info = exec.indexOf("id=");
                t.add(exec.substring(0, info).replaceFirst("\\$\\d+", "\\$<length of the line>"));
                t.add(comparable(exec.substring(info, exec.indexOf('\n', info)), true, ids));
            }
        });
    }

    @Test
    void listAndKillArgumentErrors() {
        script("CLIENT LIST ID 0", "CLIENT LIST ID -5 99999", "CLIENT LIST ID 1 x", "CLIENT LIST ID", "CLIENT LIST TYPE",
                "CLIENT LIST TYPE foo", "CLIENT LIST TYPE normal extra", "CLIENT LIST foo bar",
                "CLIENT KILL ID 0", "CLIENT KILL ID -1", "CLIENT KILL ID abc", "CLIENT KILL ID 99999",
                "CLIENT KILL TYPE foo", "CLIENT KILL TYPE pubsub", "CLIENT KILL TYPE master", "CLIENT KILL TYPE slave",
                "CLIENT KILL TYPE replica", "CLIENT KILL USER nobody", "CLIENT KILL USER default SKIPME yes ID 99999",
                "CLIENT KILL ADDR 1.2.3.4:5", "CLIENT KILL LADDR 1.2.3.4:5", "CLIENT KILL SKIPME maybe",
                "CLIENT KILL SKIPME", "CLIENT KILL foo bar", "CLIENT KILL 1.2.3.4:5", "CLIENT KILL ID 1 TYPE",
                "CLIENT KILL MAXAGE 1", "CLIENT KILL ID 99999 USER nobody", "CLIENT KILL USER nobody ID abc",
                "CLIENT KILL TYPE foo USER nobody", "CLIENT KILL ADDR 1.2.3.4:5 SKIPME no");
    }

    @Test
    void killClosesTheChosenConnectionsAndCountsThem() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient killer = connect.get(); RespClient subscriber = connect.get(); RespClient normal = connect.get();
                    RespClient other = connect.get()) {
                subscriber.call("SUBSCRIBE", "{k}ch");
                t.add(killer.call("CLIENT", "KILL", "TYPE", "pubsub", "ID", id(other)));
                t.add(killer.call("CLIENT", "KILL", "TYPE", "pubsub"));
                t.add("subscriber closed: " + subscriber.closedByServer());
                String normalId = id(normal);
                t.add(killer.call("CLIENT", "KILL", "ID", normalId, "USER", "default", "SKIPME", "yes"));
                t.add("normal closed: " + normal.closedByServer());
                t.add(killer.call("CLIENT", "KILL", "ID", normalId));
                t.add(other.call("PING"));
                String address = other.call("CLIENT", "INFO").replaceFirst("(?s).*? addr=(\\S+) .*", "$1");
                t.add(killer.call("CLIENT", "KILL", address));
                t.add("other closed: " + other.closedByServer());
                t.add(killer.call("CLIENT", "KILL", address));
                t.add(killer.call("PING"));
            }
        });
    }

    @Test
    void killingOneselfRepliesThenCloses() throws Exception {
        sameOnBoth((connect, t) -> {
            try (RespClient self = connect.get(); RespClient bystander = connect.get()) {
                String id = id(self);
                t.add(self.call("CLIENT", "KILL", "ID", id));
                t.add(self.call("CLIENT", "KILL", "ID", id, "SKIPME", "no"));
                t.add("self closed: " + self.closedByServer());
                t.add(bystander.call("PING"));
            }
        });
        sameOnBoth((connect, t) -> {
            try (RespClient self = connect.get()) {
                String address = self.call("CLIENT", "INFO").replaceFirst("(?s).*? addr=(\\S+) .*", "$1");
                t.add(self.call("CLIENT", "KILL", address));
                t.add("self closed: " + self.closedByServer());
            }
        });
    }
}
