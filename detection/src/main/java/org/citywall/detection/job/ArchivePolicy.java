package org.citywall.detection.job;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Which events go to the event archive in Elasticsearch: all, a sample, or none, per domain.
 * Detection sees every event whatever the policy; only the archive is thinned.
 *
 * <p>Sampling is by the event id, so a replay makes the same decision and the archive stays
 * duplicate-free.
 */
public final class ArchivePolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double defaultRate;
    private final HashMap<String, Double> rateByDomain;

    private ArchivePolicy(double defaultRate, Map<String, Double> rateByDomain) {
        this.defaultRate = check(defaultRate);
        this.rateByDomain = new HashMap<>();
        rateByDomain.forEach((d, r) -> this.rateByDomain.put(d, check(r)));
    }

    /** Every event of every domain is archived. */
    public static ArchivePolicy all() {
        return new ArchivePolicy(1.0, Map.of());
    }

    /** Nothing is archived (detection only). */
    public static ArchivePolicy none() {
        return new ArchivePolicy(0.0, Map.of());
    }

    /**
     * @param defaultRate  fraction archived for domains not listed, 0..1
     * @param rateByDomain fraction archived per domain, 0..1 (0 switches the archive off for it)
     */
    public static ArchivePolicy of(double defaultRate, Map<String, Double> rateByDomain) {
        return new ArchivePolicy(defaultRate, rateByDomain);
    }

    private static double check(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("archive rate must be between 0 and 1, got " + rate);
        }
        return rate;
    }

    public boolean archives(String domain, String eventId) {
        double rate = rateByDomain.getOrDefault(domain == null ? "" : domain, defaultRate);
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0 || eventId == null) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(eventId.getBytes(StandardCharsets.UTF_8));
        return (crc.getValue() % 10_000) < rate * 10_000;
    }

    public boolean archivesAnything() {
        return defaultRate > 0 || rateByDomain.values().stream().anyMatch(r -> r > 0);
    }
}
