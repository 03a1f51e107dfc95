package org.citywall.detection.job;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citywall.detection.intel.IndicatorLoader;
import org.citywall.detection.intel.IndicatorSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the job's indicator set from its files (CSV and STIX 2.1 bundles) and tells when they
 * changed. An unreadable file keeps the running set rather than emptying it.
 */
final class IntelLoader implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IntelLoader.class);

    private final List<String> files;

    IntelLoader(List<String> files) {
        this.files = List.copyOf(files);
    }

    boolean configured() {
        return !files.isEmpty();
    }

    /** The indicators as the files are now; {@code null} when a file cannot be read. */
    IndicatorSet load() {
        String version = fingerprint();
        IndicatorLoader loader = new IndicatorLoader();
        try {
            for (String f : files) {
                Path p = Path.of(f);
                if (Files.exists(p)) {
                    loader.addFile(p);
                } else {
                    LOG.warn("event=intel_file_missing file={}", f);
                }
            }
        } catch (IOException e) {
            LOG.error("event=intel_unreadable error={}", e.toString());
            return null;
        }
        for (String problem : loader.problems()) {
            LOG.warn("event=indicator_rejected problem=\"{}\"", problem);
        }
        IndicatorSet set = loader.build(version);
        LOG.info("event=intel_loaded version={} indicators={} rejected={}", version, set.size(), loader.problems().size());
        return set;
    }

    String fingerprint() {
        long h = 17;
        for (String f : files) {
            Path p = Path.of(f);
            h = h * 31 + f.hashCode();
            try {
                if (Files.exists(p)) {
                    h = h * 31 + Files.size(p);
                    h = h * 31 + Files.getLastModifiedTime(p).toMillis();
                }
            } catch (IOException e) {
                h = h * 31 + e.getClass().hashCode();
            }
        }
        return Long.toHexString(h);
    }
}
