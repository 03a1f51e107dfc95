package org.citywall.detection.sigma;

import java.util.List;
import java.util.Map;

/** Maps a rule's field names to event fields, as decided by the processing pipeline for its log source. */
interface FieldResolver {

    /**
     * The event fields (one or more, OR-ed) that hold the rule field.
     *
     * @throws RuleException when the log source has no such field
     */
    String[] resolve(String ruleField, String path) throws RuleException;

    /** The fields a keyword (full-text) search looks at. */
    String[] keywordFields();

    /** Values of {@code %placeholder%}s for the {@code expand} modifier. */
    Map<String, List<String>> placeholders();
}
