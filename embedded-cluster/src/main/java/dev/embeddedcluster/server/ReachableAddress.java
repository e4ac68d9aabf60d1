package dev.embeddedcluster.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/**
 * The address by which clients reach a node that listens on a given bind address: the bind
 * address itself, or for a wildcard one (0.0.0.0, ::) this host's first IPv4 address on an
 * interface that is up and not loopback, as a client on another host would dial it. A host with
 * no such address answers 127.0.0.1.
 */
public final class ReachableAddress {
    private ReachableAddress() {
    }

    /** @throws IllegalArgumentException when the bind address does not resolve */
    public static String of(String bindAddress) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address '" + bindAddress + "'", e);
        }
        return bind.isAnyLocalAddress() ? firstExternalIpv4() : bindAddress;
    }

    private static String firstExternalIpv4() {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: fall back to loopback
        }
        return "127.0.0.1";
    }
}
