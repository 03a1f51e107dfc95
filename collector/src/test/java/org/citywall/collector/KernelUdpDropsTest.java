package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the kernel's per-socket drop counts from the /proc/net/udp layout. */
class KernelUdpDropsTest {
    private static final List<String> TABLE = List.of(
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
            "  512: 0100007F:15B2 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 41234 2 0000000000000000 37",
            "  513: 00000000:15B2 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 41235 2 0000000000000000 5",
            "  700: 0100007F:15B3 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 41236 2 0000000000000000 900",
            "  garbage line");

    @Test
    void drops_of_every_socket_on_the_port_are_summed_and_other_ports_ignored() {
        assertThat(KernelUdpDrops.drops(TABLE, ":15B2")).isEqualTo(42);
        assertThat(KernelUdpDrops.drops(TABLE, ":15B3")).isEqualTo(900);
        assertThat(KernelUdpDrops.drops(TABLE, ":0001")).isZero();
    }

    @Test
    void this_machine_has_the_tables() {
        assertThat(KernelUdpDrops.read(1)).isGreaterThanOrEqualTo(0);
    }
}
