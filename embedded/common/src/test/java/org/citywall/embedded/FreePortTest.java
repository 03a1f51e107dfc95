package org.citywall.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void aPortIsBindableOnLoopbackAndNeverHandedOutTwice() throws Exception {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePort.next();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void portsComeFromBelowTheKernelsEphemeralRange() throws Exception {
        var range = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(range), "Linux only");
        int low;
        try (var in = java.nio.file.Files.newBufferedReader(range)) { // /proc files report size 0
            low = Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(low > 21_000, "an ephemeral range above 21000");
        assertThat(FreePort.next()).isBetween(20_000, low - 1);
    }
}
