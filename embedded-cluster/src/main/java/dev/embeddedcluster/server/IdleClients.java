package dev.embeddedcluster.server;

/**
 * The {@code timeout} parameter: on the node's timer, closes the connections idle for longer
 * than that many seconds, without a reply, as Redis does. Idle time is measured on the node's
 * clock, the one CLIENT LIST's {@code idle} and the node's other timers read. Replicas, MONITOR
 * clients, subscribers and clients that are blocked or held by CLIENT PAUSE are never closed,
 * as in Redis 7.0.
 */
final class IdleClients {
    private IdleClients() {
    }

    static void closeIdle(Node node) {
        long timeoutMillis = node.clientLimits().idleTimeoutMillis();
        if (timeoutMillis == 0) {
            return;
        }
        long now = node.clock().currentTimeMillis();
        for (ClientSession client : node.clients().all()) {
            if (!exempt(client) && now - client.lastInteractionMillis() > timeoutMillis) {
                client.closeConnection();
            }
        }
    }

    private static boolean exempt(ClientSession client) {
        return client.replica() || client.monitoring() || client.subscribed() || client.blocked()
                || client.postponed() || client.suspended();
    }
}
