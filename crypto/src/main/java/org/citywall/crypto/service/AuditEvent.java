package org.citywall.crypto.service;

import java.time.Instant;

/**
 * One call of the crypto service as the audit trail sees it. Never carries plaintext, key
 * material or signatures: only who, what, which key and version, the SM3 digest of the input,
 * and how it ended.
 *
 * @param time when the call finished
 * @param caller the caller's id
 * @param operation what was asked
 * @param key the key name, or null when the operation has none or the request named none
 * @param version the key version used, or null if none was reached
 * @param inputSm3 lower-case hex SM3 of the request's main input (message, plaintext,
 *     ciphertext, CSR, ...), or null if it had none
 * @param outcome how it ended
 * @param errorCode the stable error code when it failed or was denied, else null
 * @param userIdSm3 lower-case hex SM3 of the SM2 signer identity when a call named one other than
 *     the default, else null: enough to show which identity was used (given the candidate)
 *     without writing identities — often e-mail addresses — onto a trail that can never be erased
 */
public record AuditEvent(Instant time, String caller, Operation operation, String key, Integer version, String inputSm3,
                         Outcome outcome, String errorCode, String userIdSm3) {

    /** An event of a call that named no signer identity. */
    public AuditEvent(Instant time, String caller, Operation operation, String key, Integer version, String inputSm3,
                      Outcome outcome, String errorCode) {
        this(time, caller, operation, key, version, inputSm3, outcome, errorCode, null);
    }

    /** How a call ended. */
    public enum Outcome {
        OK,
        DENIED,
        FAILED
    }
}
