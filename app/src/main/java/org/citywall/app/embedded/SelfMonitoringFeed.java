package org.citywall.app.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditRecord;
import org.citywall.collector.Bus;
import org.citywall.event.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the platform's own log-ins and crypto-service calls, read from its durable audit log, onto
 * the raw-event topic (input {@code citywall-audit}), so the detection job watches the console and
 * the crypto service like any other source. Once a second it publishes the records after the last
 * position it stored (in {@code DATA/self-monitoring.offset}) and stores the new position only when
 * the bus has them: a restart or a bus outage delays events, never loses them.
 */
final class SelfMonitoringFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfMonitoringFeed.class);
    static final String INPUT = "citywall-audit";
    private static final int BATCH = 500;

    private final AuditLog log;
    private final Bus bus;
    private final String domain;
    private final Path offsetFile;
    private final ScheduledExecutorService timer;
    private long next;

    private SelfMonitoringFeed(AuditLog log, Bus bus, String domain, Path offsetFile) throws IOException {
        this.log = log;
        this.bus = bus;
        this.domain = domain;
        this.offsetFile = offsetFile;
        // the first start watches from now on: a platform's history is not replayed as new events
        this.next = Files.exists(offsetFile) ? Long.parseLong(Files.readString(offsetFile).strip()) : log.size();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "self-monitoring-feed");
            t.setDaemon(true);
            return t;
        });
    }

    static SelfMonitoringFeed start(AuditLog log, Bus bus, String domain, Path offsetFile) throws IOException {
        SelfMonitoringFeed feed = new SelfMonitoringFeed(log, bus, domain, offsetFile);
        feed.timer.scheduleWithFixedDelay(feed::tick, 1, 1, TimeUnit.SECONDS);
        return feed;
    }

    private void tick() {
        try {
            while (feedOnce() > 0) {
                // keep going while there is a backlog
            }
        } catch (Exception e) {
            LOG.warn("event=self_monitoring_feed_failed next={} error={}", next, e.toString()); // retried next tick
        }
    }

    /** Publishes the next batch of records; returns how many records it moved past. */
    long feedOnce() throws Exception {
        long from = Math.max(next, log.liveStart());
        if (from >= log.size()) {
            return 0;
        }
        List<AuditRecord> records = log.read(from, BATCH);
        if (records.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (AuditRecord r : records) {
            Optional<String> line = SelfMonitoringLines.of(r);
            line.ifPresent(l -> sent.add(bus.publish(new RawEvent(l.getBytes(StandardCharsets.UTF_8),
                    System.currentTimeMillis(), "127.0.0.1:0", INPUT, domain))));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        next = from + records.size();
        Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(next));
        Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return records.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bus.close();
    }
}
