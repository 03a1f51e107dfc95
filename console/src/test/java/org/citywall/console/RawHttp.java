package org.citywall.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request target byte for byte over a socket — the JDK client would normalise or refuse
 * the URL tricks the bypass tests need to send exactly.
 */
final class RawHttp {
    private RawHttp() {}

    /** The status code and the whole answer as text. */
    record Reply(int status, String text) {}

    static Reply get(int port, String target, String cookieOrNull) {
        return send("GET", port, target, cookieOrNull);
    }

    static Reply send(String method, int port, String target, String cookieOrNull) {
        StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nConnection: close\r\n");
        if (!"GET".equals(method)) {
            req.append("Content-Type: application/json\r\nContent-Length: 2\r\n");
        }
        if (cookieOrNull != null) {
            req.append("Cookie: ").append(cookieOrNull).append("\r\n");
        }
        req.append("\r\n");
        if (!"GET".equals(method)) {
            req.append("{}");
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String text = buf.toString(StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Reply(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
