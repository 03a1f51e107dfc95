package org.citywall.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parsing JSON the audit module reads (records, heads, bundle lines) with bounded resources. */
final class RecordJson {
    private RecordJson() {
    }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(CanonicalJson.MAX_DEPTH + 4)
                .maxStringLength(64 * 1024 * 1024)
                .maxNumberLength(40)
                .build());
    }

    private static final ObjectReader OBJECT = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {});

    /**
     * Parses one JSON object.
     *
     * @throws IllegalArgumentException with the parser's reason and column if it is not one
     */
    static Map<String, Object> readObject(byte[] bytes, int offset, int length) {
        try {
            Map<String, Object> m = OBJECT.readValue(bytes, offset, length);
            if (m == null) {
                throw new IllegalArgumentException("expected a JSON object, found null");
            }
            return m;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(e.getOriginalMessage() + (at == null ? "" : " at column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
