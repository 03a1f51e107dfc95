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
 * Builds the job's indicator set from its files (CSV and STIX 2.1 bundles; a directory stands for
 * the {@code .csv} and {@code .json} files in it) and tells when they changed. An unreadable file
 * keeps the running set rather than emptying it.
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
            for (Path p : expand()) {
                loader.addFile(p);
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
        for (Path p : expand()) {
            h = h * 31 + p.toString().hashCode();
            try {
                h = h * 31 + Files.size(p);
                h = h * 31 + Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                h = h * 31 + e.getClass().hashCode();
            }
        }
        return Long.toHexString(h);
    }

    /** The indicator files now: each configured file, and the .csv/.json files of each configured directory. */
    private List<Path> expand() {
        List<Path> out = new java.util.ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f);
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(x -> x.toString().endsWith(".csv") || x.toString().endsWith(".json"))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    LOG.warn("event=intel_directory_unreadable dir={} error={}", f, e.toString());
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                LOG.warn("event=intel_file_missing file={}", f);
            }
        }
        return out;
    }
}
