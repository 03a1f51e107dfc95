package org.citywall.detection.job;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.citywall.detection.sigma.Rejection;
import org.citywall.detection.sigma.RuleSet;
import org.citywall.detection.sigma.RuleSetBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the job's rule set from the built-in pack and rule directories, and tells when the files
 * changed. A changed set replaces the running one unless it would lose a running rule to a new
 * rejection: a typo in one file never silently removes rules that were running.
 */
final class RuleSetLoader implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RuleSetLoader.class);

    private final List<String> directories;
    private final boolean builtIn;
    private final List<String> pipelines;
    /**
     * The configured directories that existed at this instance's last load (null before the first).
     * Serialised with the loader: the copies on the task managers start from what the client's first
     * load found, so a directory gone by their first reload is a failed reload there too.
     */
    private java.util.HashSet<String> presentAtLastLoad;

    RuleSetLoader(List<String> directories, boolean builtIn) {
        this(directories, builtIn, List.of());
    }

    /** @param pipelines processing pipeline files whose log sources take precedence over the built-in ones, in order */
    RuleSetLoader(List<String> directories, boolean builtIn, List<String> pipelines) {
        this.directories = List.copyOf(directories);
        this.builtIn = builtIn;
        this.pipelines = List.copyOf(pipelines);
    }

    private org.citywall.detection.sigma.ProcessingPipeline pipeline() {
        org.citywall.detection.sigma.ProcessingPipeline p = org.citywall.detection.sigma.ProcessingPipeline.citywall();
        for (String file : pipelines) {
            try {
                p = p.overriddenBy(org.citywall.detection.sigma.ProcessingPipeline.load(Path.of(file)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read processing pipeline " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** The rule set as the files are now. Rejections are inside it, never thrown. */
    RuleSet load() {
        String version = fingerprint();
        RuleSetBuilder b = RuleSet.builder(pipeline()).version(version);
        try {
            if (builtIn) {
                b.addBuiltInPack();
            }
            java.util.HashSet<String> present = new java.util.HashSet<>();
            for (String d : directories) {
                Path p = Path.of(d);
                if (Files.exists(p)) {
                    b.addPath(p);
                    present.add(d);
                } else if (presentAtLastLoad != null && presentAtLastLoad.contains(d)) {
                    // a directory that held rules and is gone (a mount dropped, a deploy mid-swap) is not an edit
                    // removing every rule in it: the running rules stay until it is back
                    throw new java.io.UncheckedIOException(new IOException("rule directory " + d + " is gone"));
                }
            }
            presentAtLastLoad = present;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read rules: " + e.getMessage(), e);
        }
        RuleSet set = b.build();
        for (Rejection r : set.rejections()) {
            LOG.warn("event=rule_rejected version={} rejection=\"{}\"", version, r);
        }
        LOG.info("event=rules_loaded version={} rules={} correlations={} rejected={}", version, set.rules().size(),
                set.correlations().size(), set.rejections().size());
        return set;
    }

    /**
     * Whether {@code candidate} may replace {@code running}. It may not when a rule that is running
     * would disappear while the candidate brings a new rejection: an edit broke a running rule (or
     * its file), and applying the set would silently stop detecting what that rule detects. New
     * rules that cannot load (an unsupported log source, a typo in a rule that never ran) do not
     * hold back everything else: they are rejected on their own, logged and counted. A rejection is
     * known by its file and rule, not its line, so edits that only shift lines change nothing.
     */
    static boolean acceptable(RuleSet running, RuleSet candidate) {
        java.util.Set<String> before = new java.util.HashSet<>();
        running.rejections().forEach(r -> before.add(key(r)));
        List<Rejection> added = new ArrayList<>();
        for (Rejection r : candidate.rejections()) {
            if (!before.contains(key(r))) {
                added.add(r);
            }
        }
        if (added.isEmpty()) {
            return true;
        }
        java.util.Set<String> lost = ruleIds(running);
        lost.removeAll(ruleIds(candidate));
        if (!lost.isEmpty()) {
            LOG.error("event=rules_update_refused version={} running_rules_lost={} first_lost={} new_rejections={} first=\"{}\"",
                    candidate.version(), lost.size(), lost.iterator().next(), added.size(), added.get(0));
            return false;
        }
        LOG.warn("event=rules_update_with_rejections version={} new_rejections={} first=\"{}\"", candidate.version(),
                added.size(), added.get(0));
        return true;
    }

    private static String key(Rejection r) {
        return r.origin() + "\u0000" + r.rule();
    }

    private static java.util.Set<String> ruleIds(RuleSet set) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        set.rules().forEach(r -> ids.add(r.id()));
        set.correlations().forEach(c -> ids.add(c.id()));
        return ids;
    }

    /**
     * The rules a (re)starting task should use: the latest accepted set it knows ({@code known}),
     * or the files as they are now if they changed since and bring no new rejection. Closes the
     * gap after a restart in which events would otherwise meet rules older than the files.
     */
    RuleSet current(RuleSet known) {
        if (fingerprint().equals(known.version())) {
            return known;
        }
        RuleSet fresh = load();
        return acceptable(known, fresh) ? fresh : known;
    }

    /** Sizes and modification times of every rule file: changes when any file is added, removed or edited. */
    String fingerprint() {
        long h = 17;
        for (String f : pipelines) {
            try {
                h = h * 31 + Files.size(Path.of(f));
                h = h * 31 + Files.getLastModifiedTime(Path.of(f)).toMillis();
            } catch (IOException e) {
                h = h * 31 + e.getClass().hashCode();
            }
        }
        for (String d : directories) {
            Path dir = Path.of(d);
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    h = h * 31 + f.toString().hashCode();
                    h = h * 31 + Files.size(f);
                    h = h * 31 + Files.getLastModifiedTime(f).toMillis();
                }
            } catch (IOException e) {
                h = h * 31 + e.getClass().hashCode();
            }
        }
        return Long.toHexString(h);
    }
}
