package org.citywall.detection.job;

import java.util.List;
import org.citywall.detection.intel.IndicatorMatch;
import org.citywall.detection.sigma.RuleMatch;
import org.citywall.event.Ecs;
import org.citywall.event.Event;
import org.citywall.event.Json;

/**
 * A match of a rule that alerts on its own, on its way to de-duplication: the same rule firing
 * for the same subject (source address, else user, else host) within the suppression period
 * updates one alert. A Flink POJO.
 */
public final class SingleMatch {
    /** Fields that name who or what an alert is about, in order of preference. */
    static final List<String> SUBJECT_FIELDS = List.of(Ecs.SOURCE_IP, Ecs.USER_NAME, Ecs.HOST_NAME, "cloud.account.id");

    public String ruleId;
    public String title;
    public String level;
    public List<String> tactics;
    public List<String> techniques;
    public String domain;
    public String subjectField;
    public String subjectValue;
    public long eventTime;
    public String eventId;
    /** The matched fields and values as JSON. */
    public String matched;

    public SingleMatch() {}

    static SingleMatch of(RuleMatch m, Event e, long eventTime) {
        SingleMatch s = new SingleMatch();
        s.ruleId = m.ruleId();
        s.title = m.title();
        s.level = m.level();
        s.tactics = List.copyOf(m.tactics());
        s.techniques = List.copyOf(m.techniques());
        s.domain = e.domain() == null ? "" : e.domain();
        for (String f : SUBJECT_FIELDS) {
            String v = e.getString(f);
            if (v != null && !v.isEmpty()) {
                s.subjectField = f;
                s.subjectValue = v;
                break;
            }
        }
        s.eventTime = eventTime;
        s.eventId = e.id();
        s.matched = Json.write(m.matched());
        return s;
    }

    /** The id of the alerts threat-intelligence matches raise. */
    static final String INTEL_RULE_ID = "citywall-threat-intel";

    /** An indicator seen in an event: one alert per indicator value and domain while it keeps being seen. */
    static SingleMatch ofIndicator(IndicatorMatch ioc, Event e, long eventTime) {
        SingleMatch s = new SingleMatch();
        s.ruleId = INTEL_RULE_ID;
        s.title = "Threat intelligence match: " + ioc.indicator().type().name().toLowerCase(java.util.Locale.ROOT)
                + " " + ioc.value();
        s.level = "high";
        s.tactics = List.of();
        s.techniques = List.of();
        s.domain = e.domain() == null ? "" : e.domain();
        s.subjectField = ioc.field();
        s.subjectValue = ioc.value();
        s.eventTime = eventTime;
        s.eventId = e.id();
        java.util.Map<String, Object> matched = new java.util.LinkedHashMap<>();
        matched.put(ioc.field(), ioc.value());
        matched.put("threat.indicator.type", ioc.indicator().type().name().toLowerCase(java.util.Locale.ROOT));
        matched.put("threat.indicator.value", ioc.indicator().value());
        matched.put("threat.indicator.provider", ioc.indicator().source());
        if (ioc.indicator().description() != null && !ioc.indicator().description().isEmpty()) {
            matched.put("threat.indicator.description", ioc.indicator().description());
        }
        s.matched = Json.write(matched);
        return s;
    }

    String stateKey() {
        return ruleId + '\u0000' + domain + '\u0000' + (subjectField == null ? "" : subjectField + "=" + subjectValue);
    }
}
