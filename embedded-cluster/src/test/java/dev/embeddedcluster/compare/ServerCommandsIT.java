package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection, server, CONFIG, CLIENT and COMMAND replies against a real redis-server. */
class ServerCommandsIT extends ComparisonSupport {

    @Test
    void connectionCommands() {
        script("PING", "PING hello", "PING a b", "ECHO hi", "ECHO", "SELECT 0", "SELECT 1", "SELECT abc",
                "AUTH secret", "AUTH default secret", "AUTH a b c", "HELLO 4", "HELLO abc", "HELLO 2 FOO",
                "HELLO 2 SETNAME bad\u0001name", "HELLO 3 AUTH default", "READONLY", "READWRITE", "ASKING",
                "FOO", "FOO bar baz", "QUIT");
    }

    @Test
    void keyspaceServerCommands() {
        script("DBSIZE", "SET a 1", "SET b 2", "DBSIZE", "FLUSHDB", "DBSIZE", "SET a 1", "FLUSHALL ASYNC", "DBSIZE",
                "FLUSHALL SYNC", "FLUSHALL FOO", "FLUSHDB SYNC ASYNC", "TIME x", "LASTSAVE x");
        String[] time = replies("TIME");
        assertThat(time[1]).matches("\\*2\r\n\\$10\r\n\\d{10}\r\n\\$\\d\r\n\\d{1,6}\r\n");
        assertThat(replies("LASTSAVE")[1]).matches(":\\d{10}\r\n");
    }

    @Test
    void standaloneOnlyCommandsAreRefusedInClusterMode() {
        script("SET {k}a 1", "MOVE {k}a 1", "MOVE {k}a x", "MOVE {k}a", "SWAPDB 0 1", "SWAPDB 0", "REPLICAOF no one",
                "REPLICAOF 127.0.0.1 6380", "REPLICAOF no", "SLAVEOF no one", "FAILOVER", "FAILOVER TO 127.0.0.1 6380",
                "GET {k}a", "MULTI", "MOVE {k}a 1", "SWAPDB 0 1", "FAILOVER", "EXEC",
                "COMMAND INFO move swapdb replicaof slaveof failover");
        same("eval", "return redis.pcall('move', KEYS[1], 1)", "1", "{k}a");
        same("eval", "return redis.pcall('swapdb', 0, 1)", "0");
        same("eval", "return redis.pcall('replicaof', 'no', 'one')", "0");
        script("CONFIG SET requirepass secret", "MOVE {k}a 1", "SWAPDB 0 1", "AUTH secret");
        same("config", "set", "requirepass", "");
        script("DEL {k}a");
    }

    @Test
    void protectedCommandsAreRefusedAsByDefault() {
        script("SET {k}a 1", "DEBUG SLEEP 0", "DEBUG OBJECT {k}a", "DEBUG", "MODULE LOAD /nonexistent.so",
                "MODULE LOADEX /nonexistent.so", "MODULE UNLOAD x", "MODULE UNLOAD", "MODULE LIST", "MODULE", "MODULE FOO",
                "MULTI", "DEBUG SLEEP 0", "GET {k}a", "EXEC", "MULTI", "MODULE LIST", "EXEC",
                "COMMAND INFO debug module|list module|load module|loadex module|unload module|help",
                "CONFIG GET enable-debug-command", "CONFIG GET enable-module-command", "CONFIG SET enable-debug-command yes", "CONFIG SET enable-module-command local",
                "DEL {k}a");
        same("eval", "return redis.pcall('debug', 'sleep', 0)", "0");
        same("eval", "return redis.pcall('module', 'list')", "0");
        same("eval", "return redis.pcall('module', 'load', '/x.so')", "0");
        script("CONFIG SET requirepass secret");
        try {
            // refused before authentication is asked for
            for (String[] command : new String[][] {{"DEBUG", "SLEEP", "0"}, {"MODULE", "UNLOAD", "x"}, {"MODULE", "LIST"}}) {
                String[] first = repliesOnNewConnections(command);
                assertThat(first[1]).as(String.join(" ", command)).isEqualTo(first[0]);
            }
        } finally {
            same("CONFIG", "SET", "requirepass", "");
        }
        String[] help = replies("MODULE", "HELP");
        assertThat(help[0]).startsWith("*11\r\n+MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+LIST\r\n");
        assertThat(help[1]).startsWith("*11\r\n+MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+LIST\r\n");
    }

    @Test
    void configGetSetAndErrors() {
        script("CONFIG GET maxmemory", "CONFIG GET maxmemory-policy", "CONFIG GET cluster-enabled", "CONFIG GET appendonly",
                "CONFIG GET save", "CONFIG GET nosuchparam", "CONFIG SET maxmemory 100mb", "CONFIG GET maxmemory",
                "CONFIG SET maxmemory 0", "CONFIG SET maxmemory abc", "CONFIG SET maxmemory-policy foo",
                "CONFIG SET maxmemory-policy allkeys-lru", "CONFIG GET maxmemory-policy", "CONFIG SET maxmemory-policy noeviction",
                "CONFIG SET foo bar", "CONFIG SET databases 4", "CONFIG SET cluster-enabled no", "CONFIG SET a",
                "CONFIG SET maxmemory 1 maxmemory 2", "CONFIG RESETSTAT", "CONFIG", "CONFIG FOO");
        same3("CONFIG", "GET", "maxmemory");
    }

    @Test
    void clientCommands() {
        script("CLIENT GETNAME", "CLIENT SETNAME worker-1", "CLIENT GETNAME", "CLIENT SETNAME has\nnewline", "CLIENT KILL 1.2.3.4:5", "CLIENT KILL ID 999999",
                "CLIENT KILL ID abc", "CLIENT KILL foo bar", "CLIENT KILL 1.2.3.4:5 extra", "CLIENT KILL TYPE foo",
                "CLIENT REPLY foo", "CLIENT NO-EVICT maybe", "CLIENT NO-EVICT on", "CLIENT NO-EVICT off",
                "CLIENT LIST TYPE foo", "CLIENT LIST ID abc", "CLIENT LIST FOO", "CLIENT FOO", "CLIENT");
        same("CLIENT", "SETNAME", "has space");
        same("CLIENT", "SETNAME", "");
        same("CLIENT", "GETNAME");
        String[] list = replies("CLIENT", "LIST");
        assertThat(list[1]).matches("(?s)\\$\\d+\r\n.*id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ fd=-?\\d+ name= age=\\d+ idle=\\d+ "
                + "flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ multi-mem=0 rbs=\\d+ rbp=\\d+ "
                + "obl=0 oll=0 omem=0 tot-mem=\\d+ events=r cmd=client\\|list user=default redir=-1 resp=2\n.*");
        assertThat(replies("CLIENT", "ID")[1]).matches(":\\d+\r\n");
    }

    @Test
    void clientReplyOffSkipAndOn() {
        sendBoth("CLIENT", "REPLY", "SKIP");
        sendBoth("SET", "skipped", "1");
        same("GET", "skipped");
        sendBoth("CLIENT", "REPLY", "OFF");
        sendBoth("SET", "silent", "1");
        sendBoth("GET", "silent");
        same("CLIENT", "REPLY", "ON");
        same("GET", "silent");
    }

    @Test
    void commandIntrospection() {
        // SET's and GETEX's key specs carry notes, which we word ourselves: compared elsewhere by shape
        script("COMMAND INFO get", "COMMAND INFO mget del nosuch", "COMMAND INFO cluster|nodes", "COMMAND GETKEYS get k",
                "COMMAND GETKEYS mset a 1 b 2", "COMMAND GETKEYS nosuch", "COMMAND GETKEYS ping", "COMMAND GETKEYS get",
                "COMMAND GETKEYSANDFLAGS set k v", "COMMAND GETKEYSANDFLAGS copy a b", "COMMAND LIST FILTERBY pattern get*x",
                "COMMAND DOCS nosuch", "COMMAND FOO");
        same3("COMMAND", "INFO", "get", "lcs", "object|encoding");
        assertThat(replies("COMMAND", "COUNT")[1]).matches(":\\d+\r\n");
    }

    @Test
    void infoSections() {
        String info = replies("INFO")[1];
        for (String section : new String[] {"# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication",
                "# CPU", "# Cluster", "# Keyspace"}) {
            assertThat(info).contains("\r\n" + section + "\r\n".substring(0, 0));
        }
        assertThat(info).contains("redis_version:7.0.15\r\n").contains("redis_mode:cluster\r\n")
                .contains("cluster_enabled:1\r\n").contains("role:master\r\n").contains("connected_slaves:0\r\n");
        both("SET", "k", "v");
        both("PEXPIRE", "k", "100000");
        assertThat(replies("INFO", "keyspace")[1]).matches("\\$\\d+\r\n# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=\\d+\r\n\r\n");
        assertThat(replies("INFO", "cluster")[1]).isEqualTo(replies("INFO", "cluster")[0]);
        String[] server = replies("INFO", "server", "cluster");
        assertThat(server[1]).startsWith("$").contains("# Server\r\n").contains("\r\n# Cluster\r\ncluster_enabled:1\r\n");
        assertThat(same3("INFO", "nosuchsection")).isNotNull();
    }
}
