package org.citywall.collector;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The {@code host:port} form of a sender's address that raw events carry (and the bus keys by). */
final class Peers {
    private Peers() {}

    static String of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + inet.getPort() : host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
