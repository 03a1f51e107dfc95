package org.citywall.detection.sink;

import java.io.Serializable;
import java.util.Objects;

/**
 * One write to Elasticsearch, as the sink buffers and checkpoints it.
 *
 * @param kind   how to write: {@link Kind#CREATE} (first write wins; a replay is a duplicate),
 *               {@link Kind#INDEX} (replace), {@link Kind#MERGE} (merge {@code json} into the
 *               document, or insert {@code upsertJson} when there is none — so detection updates
 *               an alert without touching the triage state analysts gave it)
 * @param index  target index
 * @param id     document id; deterministic, so retries and replays are idempotent
 * @param json   the document (CREATE, INDEX) or the fields to merge (MERGE)
 * @param upsertJson the whole document to insert when MERGE finds none; {@code null} otherwise
 */
public record EsOperation(Kind kind, String index, String id, String json, String upsertJson) implements Serializable {

    public enum Kind { CREATE, INDEX, MERGE }

    public EsOperation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
        if (kind == Kind.MERGE) {
            Objects.requireNonNull(upsertJson, "upsertJson");
        }
    }

    public static EsOperation create(String index, String id, String json) {
        return new EsOperation(Kind.CREATE, index, id, json, null);
    }

    public static EsOperation index(String index, String id, String json) {
        return new EsOperation(Kind.INDEX, index, id, json, null);
    }

    public static EsOperation merge(String index, String id, String fieldsJson, String insertJson) {
        return new EsOperation(Kind.MERGE, index, id, fieldsJson, insertJson);
    }

    /** Approximate size on the wire, for batching by bytes. */
    public long sizeInBytes() {
        return 64L + index.length() + id.length() + json.length() + (upsertJson == null ? 0 : upsertJson.length());
    }
}
