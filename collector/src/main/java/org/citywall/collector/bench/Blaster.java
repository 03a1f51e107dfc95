package org.citywall.collector.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CityWall's own load generator, run as a process of its own: {@code Blaster HOST PORT CONNECTIONS MESSAGES SIZE}
 * sends MESSAGES LF-framed syslog lines of SIZE bytes (RFC 3164 shape, numbered) spread over CONNECTIONS
 * TCP connections as fast as the receiver takes them, then prints {@code sent N messages in S s}.
 */
public final class Blaster {

    private static final int CHUNK_MESSAGES = 4096;

    private Blaster() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        long messages = Long.parseLong(args[3]);
        int size = Integer.parseInt(args[4]);
        long perConnection = messages / connections;
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int id = c;
            Thread t = new Thread(() -> send(host, port, id, perConnection, size), "blaster-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sent %d messages in %.3f s%n", perConnection * connections, seconds);
    }

    /** The message with sequence number {@code seq}, padded to {@code size} bytes plus its LF. */
    static byte[] message(int connection, long seq, int size) {
        String head = String.format("<13>Nov 27 12:00:00 bench-host blaster[%d]: seq=%010d conn=%d ", 1000 + connection, seq, connection);
        StringBuilder sb = new StringBuilder(size + 1).append(head);
        while (sb.length() < size) {
            sb.append("PADD");
        }
        sb.setLength(size);
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(String host, int port, int connection, long count, int size) {
        // one pre-built chunk of numbered messages, written again and again: the generator must not be the bottleneck
        int lineLength = size + 1;
        byte[] chunk = new byte[CHUNK_MESSAGES * lineLength];
        for (int i = 0; i < CHUNK_MESSAGES; i++) {
            System.arraycopy(message(connection, i, size), 0, chunk, i * lineLength, lineLength);
        }
        try (Socket s = new Socket(host, port)) {
            s.setSendBufferSize(1 << 20);
            OutputStream out = s.getOutputStream();
            long left = count;
            while (left > 0) {
                int n = (int) Math.min(left, CHUNK_MESSAGES);
                out.write(chunk, 0, n * lineLength);
                left -= n;
            }
            out.flush();
            s.shutdownOutput();
            // wait for the receiver to close or stay open: either way everything was handed to TCP
        } catch (IOException e) {
            System.err.println("blaster connection " + connection + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
