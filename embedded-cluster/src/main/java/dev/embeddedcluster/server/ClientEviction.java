package dev.embeddedcluster.server;

import dev.embeddedcluster.command.server.ClientListFormat;
import io.netty.channel.Channel;

import java.util.List;

/**
 * maxmemory-clients, as Redis 7.0 applies it: while the clients of the normal and pubsub classes
 * (CLIENT NO-EVICT ones included) take together at least the limit, the biggest that may be
 * evicted is closed without a reply and counted in evicted_clients. Replicas are neither counted
 * nor evicted, nor are clients with NO-EVICT on; if only those are left over the limit, they
 * stay. A client takes what tot-mem counts for it: its query buffer, its unsent output and the
 * fixed part of an idle client.
 */
final class ClientEviction {
    private ClientEviction() {
    }

    static void evictOverLimit(Node node) {
        long limit = node.clientLimits().clientEvictionBytes();
        if (limit == 0) {
            return;
        }
        List<ClientSession> clients = node.clients().all();
        long[] memory = new long[clients.size()];
        long total = 0;
        for (int i = 0; i < memory.length; i++) {
            ClientSession client = clients.get(i);
            Channel channel = client.channel();
            // A connection just closed stays registered until its thread forgets it.
            memory[i] = client.replica() || channel == null || !channel.isActive() ? -1 : memoryOf(client, channel);
            total += Math.max(0, memory[i]);
        }
        while (total >= limit) {
            int biggest = -1;
            for (int i = 0; i < memory.length; i++) {
                if (memory[i] >= 0 && !clients.get(i).noEvict() && (biggest < 0 || memory[i] > memory[biggest])) {
                    biggest = i;
                }
            }
            if (biggest < 0) {
                return;
            }
            clients.get(biggest).closeConnection();
            node.stats().evictedClients++;
            total -= memory[biggest];
            memory[biggest] = -1;
        }
    }

    private static long memoryOf(ClientSession client, Channel channel) {
        ClientConnection connection = channel.pipeline().get(ClientConnection.class);
        return ClientListFormat.idleClientBytes() + client.unsentOutputBytes()
                + (connection == null ? 0 : connection.queryBufferBytes());
    }
}
