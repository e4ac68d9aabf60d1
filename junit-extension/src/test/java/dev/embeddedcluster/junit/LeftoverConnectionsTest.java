package dev.embeddedcluster.junit;

import dev.embeddedcluster.ClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** What one test leaves connected does not reach the next test. */
class LeftoverConnectionsTest {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    /** A raw RESP connection sending inline commands. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(ClusterNode node) throws IOException {
            socket = new Socket(node.host(), node.port());
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** Sends a command and returns its reply: a line, or a bulk string's content. */
        String call(String inlineCommand) throws IOException {
            out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.UTF_8));
            String line = readLine();
            if (!line.startsWith("$") || line.equals("$-1")) {
                return line;
            }
            byte[] body = in.readNBytes(Integer.parseInt(line.substring(1)) + 2);
            return new String(body, 0, body.length - 2, StandardCharsets.UTF_8);
        }

        /** Whether the server has closed this connection (end of stream within 300 ms). */
        boolean closedByServer() throws IOException {
            socket.setSoTimeout(300);
            try {
                return in.read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n' && c != -1) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    abstract static class LeavesConnectionsBehind {
        static Connection classLevel;
        static Connection namedLeftover;
        static Connection plainLeftover;

        @BeforeAll
        static void openClassLevelConnection(ClusterNode node) throws IOException {
            classLevel = new Connection(node);
            classLevel.call("CLIENT SETNAME class-level");
        }

        @Test
        @Order(1)
        void leavesTwoConnectionsOpen(ClusterNode node) throws IOException {
            namedLeftover = new Connection(node);
            assertThat(namedLeftover.call("CLIENT SETNAME leftover")).isEqualTo("+OK");
            assertThat(namedLeftover.call("READONLY")).isEqualTo("+OK");
            plainLeftover = new Connection(node);
            assertThat(plainLeftover.call("PING")).isEqualTo("+PONG");
        }

        @Test
        @Order(2)
        void looksAtWhatIsLeft(ClusterNode node) throws IOException {
            try (Connection observer = new Connection(node)) {
                SEEN.put("client list", observer.call("CLIENT LIST"));
            }
            SEEN.put("class-level", classLevel.call("PING"));
            SEEN.put("named leftover closed", namedLeftover.closedByServer());
            SEEN.put("plain leftover", plainLeftover.call("PING"));
        }

        @AfterAll
        static void closeAll() throws IOException {
            for (Connection c : new Connection[] {classLevel, namedLeftover, plainLeftover}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ByDefault extends LeavesConnectionsBehind {
    }

    @RedisCluster(masters = 1, replicasPerMaster = 0, closeLeftoverConnections = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OptedOut extends LeavesConnectionsBehind {
    }

    @Test
    void aConnectionLeftWithStateIsClosedAfterItsTest() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ByDefault.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("named leftover closed")).isEqualTo(true);
        assertThat((String) SEEN.get("client list")).doesNotContain("name=leftover").contains("name=class-level");
        assertThat(SEEN.get("class-level")).as("opened before the tests: the class's own").isEqualTo("+PONG");
        assertThat(SEEN.get("plain leftover")).as("no state to leak, as an idle pooled connection").isEqualTo("+PONG");
    }

    @Test
    void theOptOutKeepsEveryConnection() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(OptedOut.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN.get("named leftover closed")).isEqualTo(false);
        assertThat((String) SEEN.get("client list")).contains("name=leftover");
    }
}
