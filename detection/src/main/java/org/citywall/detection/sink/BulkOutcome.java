package org.citywall.detection.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * What became of each operation in one bulk request: written, a duplicate of an earlier write
 * (the replay case: {@code create} answered 409), worth retrying (429, 5xx), or rejected for good
 * (a 4xx about the document itself, e.g. a mapping conflict).
 */
final class BulkOutcome {
    final List<EsOperation> retry = new ArrayList<>();
    final List<Rejection> rejected = new ArrayList<>();
    int written;
    int duplicates;

    record Rejection(EsOperation operation, int status, String reason) {}

    /** Classifies one item of a bulk response. */
    void add(EsOperation op, int status, String errorType, String errorReason) {
        if (status >= 200 && status < 300) {
            written++;
        } else if (status == 409 && op.kind() == EsOperation.Kind.CREATE) {
            duplicates++;
        } else if (status == 429 || status >= 500 || status == 409) {
            // 409 on a merge is a concurrent update of the same alert: retrying applies ours on top
            retry.add(op);
        } else {
            rejected.add(new Rejection(op, status, errorType + ": " + errorReason));
        }
    }
}
