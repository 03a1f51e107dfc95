package org.citywall.detection.decode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * AWS CloudTrail records to {@code aws.cloudtrail.<path>} (every leaf, original key names) plus ECS.
 *
 * <p>Exports through Athena, Glue or some SIEM pipelines lower-case the record's keys
 * ({@code eventname}, {@code useridentity}); the keys CloudTrail itself defines (top level and
 * {@code userIdentity}) are restored to their documented spelling, so rules written against
 * {@code eventName} see them. Keys inside {@code requestParameters} and the like are API-specific
 * and stay as written.
 */
final class CloudTrailMapper {
    private CloudTrailMapper() {}

    static final String PREFIX = "aws.cloudtrail";

    private static final Map<String, String> TOP = canonical(
            "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
            "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements", "additionalEventData",
            "requestID", "eventID", "readOnly", "resources", "eventType", "apiVersion", "managementEvent",
            "recipientAccountId", "sharedEventID", "serviceEventDetails", "vpcEndpointId", "vpcEndpointAccountId",
            "eventCategory", "addendum", "sessionCredentialFromConsole", "edgeDeviceDetails", "tlsDetails",
            "insightDetails");
    private static final Map<String, String> IDENTITY = canonical(
            "type", "principalId", "arn", "accountId", "accessKeyId", "userName", "sessionContext", "invokedBy",
            "identityProvider", "credentialId", "onBehalfOf", "inScopeOf", "attributes", "sessionIssuer",
            "webIdFederationData", "sourceIdentity", "ec2RoleDelivery", "assumedRoot", "creationDate",
            "mfaAuthenticated");

    /** True when the top-level keys say CloudTrail: an eventName plus one of the record's other own keys. */
    static boolean isCloudTrail(Map<String, ?> doc) {
        boolean name = false;
        boolean other = false;
        for (String k : doc.keySet()) {
            String canon = lookup(TOP, k);
            if (canon == null) {
                continue;
            }
            if (canon.equals("eventName")) {
                name = true;
            } else if (canon.equals("eventSource") || canon.equals("awsRegion") || canon.equals("userIdentity")
                    || canon.equals("recipientAccountId") || canon.equals("eventVersion") || canon.equals("eventType")) {
                other = true;
            }
        }
        return name && other;
    }

    static void map(Map<String, Object> doc, DecodeContext ctx) {
        Event e = ctx.event;
        Map<String, Object> record = canonicalise(doc, TOP, true);
        JsonFlattener.flatten(record, PREFIX, e);

        e.put(Ecs.EVENT_MODULE, "aws");
        e.put(Ecs.EVENT_DATASET, "aws.cloudtrail");
        e.put(Ecs.EVENT_KIND, "event");
        e.put("cloud.provider", "aws");
        String name = string(e, "eventName");
        e.put(Ecs.EVENT_ACTION, name);
        e.put(Ecs.EVENT_PROVIDER, string(e, "eventSource"));
        e.put("cloud.region", string(e, "awsRegion"));
        String account = string(e, "recipientAccountId");
        e.put("cloud.account.id", account != null ? account : string(e, "userIdentity.accountId"));
        String sourceIp = string(e, "sourceIPAddress");
        EcsFields.source(e, sourceIp);
        e.put("user_agent.original", string(e, "userAgent"));
        e.put("user.id", string(e, "userIdentity.principalId"));
        EcsFields.user(e, userName(e));
        boolean failed = e.has(PREFIX + ".errorCode")
                || ("ConsoleLogin".equals(name) && "Failure".equals(string(e, "responseElements.ConsoleLogin")));
        e.put(Ecs.EVENT_OUTCOME, failed ? "failure" : "success");
        if ("ConsoleLogin".equals(name) || "GetSigninToken".equals(name)) {
            EcsFields.category(e, "authentication");
        }
        String time = string(e, "eventTime");
        if (time != null && ctx.timestamps.iso(time, 0, true) == time.length()) {
            ctx.eventTime(ctx.timestamps.instant);
        }
    }

    private static String userName(Event e) {
        String type = string(e, "userIdentity.type");
        String userName = string(e, "userIdentity.userName");
        if (userName != null) {
            return userName;
        }
        if ("Root".equals(type)) {
            return "root";
        }
        String arn = string(e, "userIdentity.arn");
        if (("AssumedRole".equals(type) || "FederatedUser".equals(type)) && arn != null) {
            int slash = arn.lastIndexOf('/');
            return slash >= 0 && slash < arn.length() - 1 ? arn.substring(slash + 1) : null;
        }
        return null;
    }

    /** A scalar string under aws.cloudtrail.{path}, or null (also for lists and non-strings). */
    private static String string(Event e, String path) {
        Object v = e.get(PREFIX + "." + path);
        return v instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> canonicalise(Map<String, Object> m, Map<String, String> names, boolean top) {
        Map<String, Object> out = new LinkedHashMap<>(m.size() * 2);
        for (Map.Entry<String, Object> entry : m.entrySet()) {
            String key = entry.getKey();
            String canon = lookup(names, key);
            String k = canon != null ? canon : key;
            Object v = entry.getValue();
            boolean identityPart = k.equals("userIdentity") || (!top && (k.equals("sessionContext")
                    || k.equals("sessionIssuer") || k.equals("attributes") || k.equals("webIdFederationData")));
            if (identityPart && v instanceof Map<?, ?> child) {
                v = canonicalise((Map<String, Object>) child, IDENTITY, false);
            }
            out.put(k, v);
        }
        return out;
    }

    /** Maps both the canonical spelling and its lower case to the canonical spelling. */
    private static Map<String, String> canonical(String... names) {
        Map<String, String> m = new HashMap<>();
        for (String n : names) {
            m.put(n, n);
            m.put(n.toLowerCase(Locale.ROOT), n);
        }
        return m;
    }

    /** Exact spelling first (the common case, no allocation), then case-insensitively. */
    private static String lookup(Map<String, String> names, String key) {
        String canon = names.get(key);
        return canon != null ? canon : names.get(key.toLowerCase(Locale.ROOT));
    }
}
