package org.citywall.detection.sigma;

import java.util.List;
import java.util.Map;

/**
 * Resolves a rule's fields through its log source's pipeline entry. Rules written in the {@code ecs}
 * taxonomy already use CityWall's field names, so their fields are taken as written.
 */
final class PipelineResolver implements FieldResolver {
    private final ProcessingPipeline pipeline;
    private final LogsourceMapping mapping;
    private final boolean ecs;
    private final String[] keywordFields;
    /** Event fields this resolver produced by keeping or prefixing a rule field: they may name objects. */
    final java.util.Set<String> objectFields = new java.util.HashSet<>();

    PipelineResolver(ProcessingPipeline pipeline, LogsourceMapping mapping, boolean ecs) {
        this.pipeline = pipeline;
        this.mapping = mapping;
        this.ecs = ecs;
        this.keywordFields = pipeline.keywordFields();
    }

    @Override
    public String[] resolve(String ruleField, String path) throws RuleException {
        if (ruleField.isEmpty()) {
            throw new RuleException(path, "empty field name");
        }
        if (ecs) {
            return new String[] {ruleField};
        }
        String[] fields = mapping.resolve(ruleField);
        if (fields != null && !mapping.fields.containsKey(ruleField)) {
            objectFields.addAll(java.util.Arrays.asList(fields));
        }
        if (fields == null) {
            throw new RuleException(path, "field '" + ruleField + "' does not exist in CityWall's events for log source "
                    + mapping.describe() + " (pipeline " + pipeline.name() + ")");
        }
        return fields;
    }

    @Override
    public String[] keywordFields() {
        return keywordFields;
    }

    @Override
    public Map<String, List<String>> placeholders() {
        return pipeline.placeholders();
    }
}
