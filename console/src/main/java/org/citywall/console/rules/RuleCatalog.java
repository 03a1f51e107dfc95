package org.citywall.console.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The detection rules as the console shows and changes them: the built-in pack and the rules
 * directory, each rule with its metadata, ATT&amp;CK links, YAML and whether it is enabled.
 * Uploads and switches are validated with the {@link RuleValidator} over the whole set before a
 * byte is written, and refused when they would add a problem — the same test the running job
 * applies before it takes a changed set, so the console never writes a set the job would refuse.
 * Thread-safe (changes are serialised).
 */
public final class RuleCatalog {
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}\\.ya?ml");
    private final RuleFiles files;
    private final RuleValidator validator;

    /**
     * @param validator the detection module's validator, or {@code null} (then nothing can be changed)
     */
    public RuleCatalog(RuleFiles files, RuleValidator validator) {
        this.files = files;
        this.validator = validator;
    }

    /** Whether uploads and switches are possible (a rules directory and a validator are configured). */
    public boolean writable() {
        return validator != null && files.directory().isPresent();
    }

    /** Every rule document of every file, built-in first. */
    public List<RuleInfo> rules() {
        List<RuleText> all = files.all();
        Set<String> disabled = new HashSet<>();
        List<RuleInfo> out = new ArrayList<>();
        for (RuleText t : all) {
            if (t.origin().equals(DisabledRules.ORIGIN)) {
                disabled.addAll(DisabledRules.read(t.yaml()));
                continue;
            }
            for (RuleDocuments.Document d : RuleDocuments.split(t.yaml())) {
                RuleInfo r = describe(d, t.origin());
                if (r != null) {
                    out.add(r);
                }
            }
        }
        Map<String, List<String>> usedBy = new LinkedHashMap<>();
        for (RuleInfo r : out) {
            if (r.correlation() != null && r.correlation().get("rules") instanceof List<?> refs) {
                for (Object ref : refs) {
                    usedBy.computeIfAbsent(String.valueOf(ref), k -> new ArrayList<>()).add(r.id());
                }
            }
        }
        List<RuleInfo> done = new ArrayList<>();
        for (RuleInfo r : out) {
            List<String> users = new ArrayList<>(usedBy.getOrDefault(r.id(), List.of()));
            if (r.name() != null) {
                users.addAll(usedBy.getOrDefault(r.name(), List.of()));
            }
            done.add(r.withUsedBy(users).withEnabled(!disabled.contains(r.id())));
        }
        return done;
    }

    /** The rule whose id or name is {@code key}. */
    public Optional<RuleInfo> find(String key) {
        return rules().stream().filter(r -> r.isCalled(key)).findFirst();
    }

    /** The text of the file a rule is in. */
    public Optional<String> source(String origin) {
        return files.all().stream().filter(t -> t.origin().equals(origin)).map(RuleText::yaml).findFirst();
    }

    /** Every problem of the set as it is on disk now; empty without a validator. */
    public List<RuleProblem> problems() {
        return validator == null ? List.of() : validator.validate(files.all());
    }

    /**
     * Checks an upload without writing it.
     *
     * @return the problems it would add to the set (those in the uploaded file first); empty when it may be written
     * @throws RuleChangeException {@code invalid_file_name}, {@code rules_read_only}
     */
    public List<RuleProblem> check(String fileName, String yaml) {
        requireWritable();
        checkName(fileName);
        List<RuleText> candidate = new ArrayList<>();
        String origin = RuleFiles.DATA + fileName;
        boolean replaced = false;
        for (RuleText t : files.all()) {
            if (t.origin().equals(origin)) {
                candidate.add(new RuleText(origin, yaml));
                replaced = true;
            } else {
                candidate.add(t);
            }
        }
        if (!replaced) {
            candidate.add(new RuleText(origin, yaml));
        }
        List<RuleProblem> added = added(candidate);
        if (added.isEmpty() && RuleDocuments.split(yaml).stream().noneMatch(d -> describe(d, origin) != null)) {
            added = List.of(new RuleProblem(origin, 1, null, "the file holds no Sigma rule"));
        }
        List<RuleProblem> sorted = new ArrayList<>(added.stream().filter(p -> p.origin().equals(origin)).toList());
        sorted.addAll(added.stream().filter(p -> !p.origin().equals(origin)).toList());
        return sorted;
    }

    /**
     * Writes {@code rules/<fileName>} when it adds no problem to the set.
     *
     * @throws RuleChangeException {@code rule_rejected} with the problems, or as {@link #check}
     */
    public synchronized List<RuleInfo> upload(String fileName, String yaml) {
        if (DisabledRules.FILE.equals(fileName)) {
            throw new RuleChangeException("invalid_file_name", "that file name is the console's own", List.of());
        }
        List<RuleProblem> problems = check(fileName, yaml);
        if (!problems.isEmpty()) {
            throw new RuleChangeException("rule_rejected", "the rule file has problems; nothing was written", problems);
        }
        files.write(fileName, yaml);
        String origin = RuleFiles.DATA + fileName;
        return rules().stream().filter(r -> r.origin().equals(origin)).toList();
    }

    /**
     * Enables or disables a rule.
     *
     * @return the rule as it is now
     * @throws RuleChangeException {@code not_found}, {@code rule_rejected} when the set would not load
     */
    public synchronized RuleInfo setEnabled(String key, boolean enabled) {
        requireWritable();
        List<RuleInfo> all = rules();
        RuleInfo rule = all.stream().filter(r -> r.isCalled(key)).findFirst()
                .orElseThrow(() -> new RuleChangeException("not_found", "rule not found", List.of()));
        if (!enabled) {
            refuseSharedBaseRules(rule, all);
        }
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (RuleInfo r : all) {
            boolean off = r.id().equals(rule.id()) ? !enabled : !r.enabled();
            if (off) {
                targets.put(r.id(), targetsOf(r));
            }
        }
        String text = DisabledRules.write(targets);
        List<RuleText> candidate = new ArrayList<>();
        for (RuleText t : files.all()) {
            if (!t.origin().equals(DisabledRules.ORIGIN)) {
                candidate.add(t);
            }
        }
        if (!targets.isEmpty()) {
            candidate.add(new RuleText(DisabledRules.ORIGIN, text));
        }
        List<RuleProblem> added = added(candidate);
        if (!added.isEmpty()) {
            throw new RuleChangeException("rule_rejected", "the detection job would not load the rules with this change", added);
        }
        if (targets.isEmpty()) {
            files.delete(DisabledRules.FILE);
        } else {
            files.write(DisabledRules.FILE, text);
        }
        return find(rule.id()).orElseThrow();
    }

    /**
     * A correlation is switched off by filtering the rules it counts, so one whose rules another
     * enabled correlation also counts cannot be switched off alone: that would silently switch the
     * other one off too.
     */
    private static void refuseSharedBaseRules(RuleInfo rule, List<RuleInfo> all) {
        if (rule.correlation() == null) {
            return;
        }
        List<String> refs = targetsOf(rule);
        List<String> sharing = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (RuleInfo other : all) {
            if (other != rule && !other.id().equals(rule.id()) && other.enabled() && other.correlation() != null
                    && targetsOf(other).stream().anyMatch(refs::contains)) {
                sharing.add(other.id() + (other.title() == null ? "" : " (" + other.title() + ")"));
                ids.add(other.id());
            }
        }
        if (!sharing.isEmpty()) {
            throw new RuleChangeException("rule_shared", "the rules this correlation counts are counted by "
                    + String.join(", ", sharing) + " as well; switching it off would switch those off too. To stop all of them, switch off the rules it counts ("
                    + String.join(", ", refs) + ")", List.of(), ids);
        }
    }

    private static List<String> targetsOf(RuleInfo r) {
        if (r.correlation() != null && r.correlation().get("rules") instanceof List<?> refs) {
            return refs.stream().map(String::valueOf).toList();
        }
        return List.of(r.id());
    }

    private List<RuleProblem> added(List<RuleText> candidate) {
        List<String> before = validator.validate(files.all()).stream().map(RuleCatalog::key).toList();
        return validator.validate(candidate).stream().filter(p -> !before.contains(key(p))).toList();
    }

    private static String key(RuleProblem p) {
        return p.origin() + "|" + p.rule() + "|" + p.message();
    }

    private void requireWritable() {
        if (!writable()) {
            throw new RuleChangeException("rules_read_only", "this console has no rules directory or validator; rules cannot be changed here",
                    List.of());
        }
    }

    private static void checkName(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new RuleChangeException("invalid_file_name", "the file name must match [a-z0-9][a-z0-9_-]{0,63}.yml", List.of());
        }
    }

    @SuppressWarnings("unchecked")
    static RuleInfo describe(RuleDocuments.Document d, String origin) {
        Map<String, Object> m = d.map();
        if (m == null || !(m.containsKey("detection") || m.containsKey("correlation"))) {
            return null;
        }
        String id = str(m.get("id"));
        String name = str(m.get("name"));
        String title = str(m.get("title"));
        String key = id != null ? id : name != null ? name : title;
        if (key == null) {
            return null;
        }
        List<String> tags = m.get("tags") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        Map<String, Object> corr = null;
        if (m.get("correlation") instanceof Map<?, ?> c) {
            corr = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : c.entrySet()) {
                corr.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        Map<String, Object> logsource = m.get("logsource") instanceof Map<?, ?> ls ? (Map<String, Object>) ls : Map.of();
        return new RuleInfo(key, name, title == null ? key : title, str(m.get("description")), str(m.get("level")),
                str(m.get("status")), corr != null ? "correlation" : "detection", tags, AttackTags.references(tags), corr,
                logsource, origin, d.line(), origin.startsWith(RuleFiles.BUILTIN), true, List.of());
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o).strip();
    }
}
