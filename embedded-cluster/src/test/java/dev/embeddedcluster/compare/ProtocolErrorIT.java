package dev.embeddedcluster.compare;

import dev.embeddedcluster.testing.RespClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed requests: Redis's error, that connection closed, every other client unaffected. */
class ProtocolErrorIT extends ComparisonSupport {

    @Test
    void malformedRequestsGetRedisErrorAndTheConnectionIsClosed() throws Exception {
        List<String> malformed = List.of("*abc\r\n", "*2\r\n+GET\r\n", "*1\r\n$abc\r\n", "*1\r\n$-5\r\n",
                "SET a \"x\"y\r\n", "PING\r\n*1\r\n$x\r\nPING\r\n", "*2147483648\r\n");
        try (RespClient bystander = emulatedConnection()) {
            bystander.call("SET", "kept", "1");
            sameOnBoth((connect, t) -> {
                for (String input : malformed) {
                    t.add("reply to " + input.replace("\r\n", "\\r\\n") + ": " + exchange(connect.get(), input));
                }
            });
            assertThat(bystander.call("GET", "kept")).isEqualTo("$1\r\n1\r\n");
        }
    }

    /** Sends the bytes, collects every reply until the server closes the connection (a timeout fails). */
    private static String exchange(RespClient client, String input) {
        try (client) {
            client.sendRaw(input.getBytes(StandardCharsets.ISO_8859_1));
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
}
