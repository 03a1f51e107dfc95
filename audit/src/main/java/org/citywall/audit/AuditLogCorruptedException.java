package org.citywall.audit;

/**
 * The log on disk contradicts itself in a way a crash cannot explain (records missing under a
 * signed head, a damaged line in the middle of a file, a head that does not match the records).
 * The log refuses to open rather than write on top of it; {@code citywall audit verify DIR}
 * names the first altered record.
 */
public final class AuditLogCorruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditLogCorruptedException(String message) {
        super(message);
    }
}
