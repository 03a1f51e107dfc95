package org.citywall.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The kernel's count of datagrams dropped on the UDP sockets bound to a local port (Linux {@code /proc/net/udp*}). */
final class KernelUdpDrops {
    private KernelUdpDrops() {}

    /** Drops summed over the sockets bound to {@code port}, or -1 when the tables cannot be read. */
    static long read(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        long total = -1;
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException | RuntimeException e) {
                continue;
            }
            total = Math.max(total, 0);
            total += drops(lines, hexPort);
        }
        return total;
    }

    /** Sums the last column (drops) of the rows whose local address ends with {@code hexPort}. */
    static long drops(List<String> lines, String hexPort) {
        long sum = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length >= 13 && f[1].endsWith(hexPort)) {
                try {
                    sum += Long.parseLong(f[f.length - 1]);
                } catch (NumberFormatException ignored) {
                    // a row of another layout: not ours to count
                }
            }
        }
        return sum;
    }
}
