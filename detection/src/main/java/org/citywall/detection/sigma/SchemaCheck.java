package org.citywall.detection.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.citywall.event.Json;

/** Validates rule documents against the Sigma specification's JSON schemas. Thread-safe. */
final class SchemaCheck {
    enum Kind { RULE, CORRELATION, FILTER }

    /**
     * The specification's schemas use a few words that are not JSON Schema keywords (e.g. "gt" inside
     * the correlation condition's anyOf); they are annotations, validated by the compiler instead, so
     * they are declared as such rather than logged as unknown on every start.
     */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.builder(
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
            .metaSchema(com.networknt.schema.JsonMetaSchema.builder(com.networknt.schema.JsonMetaSchema.getV202012())
                    .unknownKeywordFactory((keyword, context) -> new com.networknt.schema.NonValidationKeyword(keyword))
                    .build())
            .build();

    private static final JsonSchema RULE = load("sigma-detection-rule-schema.json");
    private static final JsonSchema CORRELATION = load("sigma-correlation-rules-schema.json");
    private static final JsonSchema FILTER = load("sigma-filters-schema.json");

    private SchemaCheck() {}

    private static JsonSchema load(String name) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream("/org/citywall/detection/sigma/schema/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the classpath: " + name);
            }
            JsonNode schema = Json.MAPPER.readTree(in);
            return FACTORY.getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema violation: the path (keys joined by '/') and the validator's message. */
    record Violation(String path, String message) {}

    /** The violations of a document, first by position; empty when it is valid. */
    static List<Violation> check(Kind kind, Object document) {
        JsonNode node = Json.MAPPER.valueToTree(document);
        JsonSchema schema = switch (kind) {
            case RULE -> RULE;
            case CORRELATION -> CORRELATION;
            case FILTER -> FILTER;
        };
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream()
                .map(m -> new Violation(path(m.getInstanceLocation()), m.getMessage()))
                .sorted(Comparator.comparing(Violation::path).thenComparing(Violation::message))
                .toList();
    }

    private static String path(JsonNodePath p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.getNameCount(); i++) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(p.getElement(i));
        }
        return sb.toString();
    }
}
