package org.citywall.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback TCP ports for services that cannot bind port 0 themselves and report back.
 *
 * <p>Ports come from below the kernel's ephemeral range: a port the kernel hands out for
 * {@code bind(0)} is also what it hands out as the source port of outgoing connections (a Kafka
 * client, an HTTP client), so between "found free" and "bound by the child JVM" another socket in
 * the same test run could take it. A port is never handed out twice by one JVM.
 */
public final class FreePort {
    private static final int LOWEST = 20_000;
    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePort() {}

    public static synchronized int next() {
        int highest = ephemeralLow() - 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; highest > LOWEST && attempt < 200; attempt++) {
            int port = random.nextInt(LOWEST, highest + 1);
            if (!GIVEN.contains(port) && bindable(port)) {
                GIVEN.add(port);
                return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GIVEN.add(s.getLocalPort());
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux); the IANA default elsewhere. */
    private static int ephemeralLow() {
        // read line by line: /proc files report size 0, and Files.readString trusts the size
        try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String range = in.readLine().trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }
}
