package org.citywall.app.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citywall.event.Json;

/**
 * Where the running platform listens, written to {@code DATA/endpoints.json} once everything is
 * ready, so scripts and tests find it without parsing logs.
 *
 * @param elasticsearch URL of the Elasticsearch node
 * @param kafka         bootstrap servers of the bus
 * @param syslogTcp     host:port of the syslog TCP input
 * @param syslogUdp     host:port of the syslog UDP input
 * @param httpIngest    URL of the HTTP ingest input (NDJSON, Elasticsearch _bulk, Splunk HEC, CloudTrail files)
 * @param console       URL of the console and its API
 * @param status        URL of the loopback status and Prometheus metrics endpoints
 */
public record Endpoints(String elasticsearch, String kafka, String syslogTcp, String syslogUdp, String httpIngest,
                        String console, String status) {

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("elasticsearch", elasticsearch);
        m.put("kafka", kafka);
        m.put("syslog_tcp", syslogTcp);
        m.put("syslog_udp", syslogUdp);
        m.put("http_ingest", httpIngest);
        m.put("console", console);
        m.put("status", status);
        return m;
    }

    /** Writes the file atomically: a reader never sees half of it. */
    void writeTo(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Json.write(asMap()) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Endpoints readFrom(Path file) throws IOException {
        Map<String, Object> m = Json.readObject(Files.readString(file));
        return new Endpoints((String) m.get("elasticsearch"), (String) m.get("kafka"), (String) m.get("syslog_tcp"),
                (String) m.get("syslog_udp"), (String) m.get("http_ingest"), (String) m.get("console"),
                (String) m.get("status"));
    }
}
