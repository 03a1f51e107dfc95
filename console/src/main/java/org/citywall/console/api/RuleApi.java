package org.citywall.console.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.citywall.console.rules.RuleCatalog;
import org.citywall.console.rules.RuleChangeException;
import org.citywall.console.rules.RuleInfo;
import org.citywall.console.rules.RuleProblem;

/**
 * Detection rules: the catalog (read by analysts for an alert's rule, by security administrators
 * to manage), and for security administrators uploads of Sigma YAML validated per line and
 * enabling or disabling rules. Accepted changes are files in the rules directory the running
 * detection job watches.
 */
public final class RuleApi {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private final RuleCatalog catalog;
    private final AccessTrail trail;

    public RuleApi(RuleCatalog catalog, AccessTrail trail) {
        this.catalog = catalog;
        this.trail = trail;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v1/rules", Access.global("rule:read"),
                        "Every rule: built-in pack and rules directory, with ATT&CK links and whether it is enabled", this::list),
                ApiRoute.get("/api/v1/rules/{id}", Access.global("rule:read"), "One rule with the YAML of its file", this::get),
                ApiRoute.post("/api/v1/rules/check", Access.global("rule:write"),
                        "Validate Sigma YAML as the detection job would, without writing; problems per line", this::check),
                ApiRoute.post("/api/v1/rules", Access.global("rule:write"),
                        "Upload a Sigma rule file into the rules directory; refused with problems per line", this::upload),
                ApiRoute.patch("/api/v1/rules/{id}", Access.global("rule:write"), "Enable or disable a rule", this::change));
    }

    void list(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("writable", catalog.writable());
        m.put("items", catalog.rules());
        ctx.json(m);
    }

    void get(Context ctx) {
        RuleInfo r = find(ctx.pathParam("id"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", r);
        m.put("yaml", catalog.source(r.origin()).orElse(""));
        ctx.json(m);
    }

    void check(Context ctx) {
        Map<String, Object> body = Requests.jsonBody(ctx);
        String name = Requests.requiredString(body, "file_name");
        String yaml = yaml(body);
        try {
            List<RuleProblem> problems = catalog.check(name, yaml);
            ctx.json(Map.of("ok", problems.isEmpty(), "problems", problems));
        } catch (RuleChangeException e) {
            throw refused(e);
        }
    }

    void upload(Context ctx) {
        Map<String, Object> body = Requests.jsonBody(ctx);
        String name = Requests.requiredString(body, "file_name");
        String yaml = yaml(body);
        List<RuleProblem> problems;
        try {
            problems = catalog.check(name, yaml);
        } catch (RuleChangeException e) {
            throw refused(e);
        }
        if (!problems.isEmpty()) {
            throw new ApiException(422, "rule_rejected", "the rule file has problems; nothing was written", Map.of("problems", problems));
        }
        // the SM3 of the file as uploaded: an auditor can prove which rule text was deployed, and when
        byte[] utf8 = yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        trail.recordChange(ctx, "rule.upload", null, "rules/" + name, Map.of("bytes", (long) utf8.length,
                "sm3", java.util.HexFormat.of().formatHex(org.citywall.crypto.Sm3.digest(utf8))));
        try {
            ctx.status(201).json(Map.of("file_name", name, "rules", catalog.upload(name, yaml)));
        } catch (RuleChangeException e) {
            trail.recordFailure(ctx, "rule.upload", null, "rules/" + name, e.code());
            throw refused(e);
        }
    }

    void change(Context ctx) {
        RuleInfo r = find(ctx.pathParam("id"));
        Map<String, Object> body = Requests.jsonBody(ctx);
        if (!(body.get("enabled") instanceof Boolean enabled)) {
            throw ApiException.badRequest("missing_field", "'enabled' is required and must be true or false");
        }
        trail.recordChange(ctx, enabled ? "rule.enable" : "rule.disable", null, "rule:" + r.id(), Map.of("origin", r.origin()));
        try {
            ctx.json(catalog.setEnabled(r.id(), enabled));
        } catch (RuleChangeException e) {
            trail.recordFailure(ctx, enabled ? "rule.enable" : "rule.disable", null, "rule:" + r.id(), e.code());
            throw refused(e);
        }
    }

    private RuleInfo find(String key) {
        if (!KEY.matcher(key).matches()) {
            throw ApiException.notFound("rule");
        }
        return catalog.find(key).orElseThrow(() -> ApiException.notFound("rule"));
    }

    private static String yaml(Map<String, Object> body) {
        String yaml = Requests.requiredString(body, "yaml");
        if (yaml.length() > 256 * 1024) {
            throw ApiException.badRequest("rule_too_large", "a rule file is at most 256 KiB");
        }
        return yaml;
    }

    private static ApiException refused(RuleChangeException e) {
        int status = switch (e.code()) {
            case "not_found" -> 404;
            case "rules_read_only" -> 503;
            case "rule_rejected" -> 422;
            case "rule_shared" -> 409;
            default -> 400;
        };
        Map<String, Object> details = !e.problems().isEmpty() ? Map.of("problems", e.problems())
                : !e.sharedWith().isEmpty() ? Map.of("shared_with", e.sharedWith()) : Map.of();
        return new ApiException(status, e.code(), e.getMessage(), details);
    }
}
