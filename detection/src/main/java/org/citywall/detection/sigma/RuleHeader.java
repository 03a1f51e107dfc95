package org.citywall.detection.sigma;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The metadata of a rule document, shared by detection and correlation rules. */
record RuleHeader(String id, String name, String title, String level, String status, List<String> tags,
                  Map<String, String> logsource, String taxonomy, String origin) implements Serializable {}
