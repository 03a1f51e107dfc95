package org.citywall.console;

import java.util.List;
import java.util.Map;

/** Reads back from the audit trail what was done to an object (reads left out), oldest first. */
@FunctionalInterface
public interface AccessHistory {
    /**
     * @param object e.g. {@code alert:<id>}
     * @return records as JSON-ready maps: seq, time, subject, action, result, details
     */
    List<Map<String, Object>> changesOf(String object);
}
