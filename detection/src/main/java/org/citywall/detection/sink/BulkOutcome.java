package org.citywall.detection.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of each operation in one bulk request: written, a duplicate of an earlier write
 * (the replay case: {@code create} answered 409), worth retrying (429, 5xx), or rejected for good
 * (a 4xx about the document itself, e.g. a mapping conflict).
 *
 * <p>A merge carries all the detection fields of its alert as they were when it was made, so a
 * later merge of the same document in the same bulk supersedes an earlier one: the earlier is
 * not retried, or, applied after the later one, it would put back an older count.
 */
final class BulkOutcome {
    private final List<EsOperation> retry = new ArrayList<>();
    private final List<Integer> retryAt = new ArrayList<>();
    private final Map<String, Integer> lastMergeAt = new HashMap<>();
    final List<Rejection> rejected = new ArrayList<>();
    int written;
    int duplicates;
    int superseded;
    private int position;

    record Rejection(EsOperation operation, int status, String reason) {}

    /** Classifies one item of a bulk response; items are given in the order of the request. */
    void add(EsOperation op, int status, String errorType, String errorReason) {
        int at = position++;
        if (op.kind() == EsOperation.Kind.MERGE) {
            lastMergeAt.put(key(op), at);
        }
        if (status >= 200 && status < 300) {
            written++;
        } else if (status == 409 && op.kind() == EsOperation.Kind.CREATE) {
            duplicates++;
        } else if (status == 429 || status >= 500 || status == 409) {
            // 409 on a merge is a concurrent update of the same alert: retrying applies ours on top
            retry.add(op);
            retryAt.add(at);
        } else {
            rejected.add(new Rejection(op, status, errorType + ": " + errorReason));
        }
    }

    /** The operations to send again, in request order, without merges a later one in this bulk supersedes. */
    List<EsOperation> retries() {
        List<EsOperation> out = new ArrayList<>(retry.size());
        superseded = 0;
        for (int i = 0; i < retry.size(); i++) {
            EsOperation op = retry.get(i);
            if (op.kind() == EsOperation.Kind.MERGE && lastMergeAt.get(key(op)) > retryAt.get(i)) {
                superseded++;
                continue;
            }
            out.add(op);
        }
        return out;
    }

    private static String key(EsOperation op) {
        return op.index() + "\u0000" + op.id();
    }
}
