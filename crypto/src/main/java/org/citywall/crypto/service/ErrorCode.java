package org.citywall.crypto.service;

/**
 * Stable error codes of the crypto service. The HTTP layer answers with {@link #httpStatus()}
 * and a JSON body {@code {"error": {"code": code(), "message": ...}}}. Codes never change meaning.
 */
public enum ErrorCode {
    /** A field that must be base64 is not. */
    MALFORMED_BASE64("malformed_base64", 400),
    /** A required field is missing or a value is not acceptable (bad key name, unknown type, ...). */
    INVALID_REQUEST("invalid_request", 400),
    /** A key, CSR, certificate, CMS structure or signature envelope cannot be parsed. */
    MALFORMED_INPUT("malformed_input", 400),
    /** No key of that name or no such version (also: no certificate with that serial). */
    UNKNOWN_KEY("unknown_key", 404),
    /** The key's type does not support the operation (e.g. sign with an SM4 key). */
    WRONG_KEY_TYPE("wrong_key_type", 400),
    /** The key version is disabled, destroyed, or below the minimum decryption version. */
    DISABLED_VERSION("disabled_version", 400),
    /** A signature, MAC, CSR signature or CMS signature does not verify. */
    VERIFICATION_FAILED("verification_failed", 400),
    /** Any decryption failure at all — one code, one message, so there is no oracle. */
    DECRYPTION_FAILED("decryption_failed", 400),
    /** The caller lacks the permission for this operation on this key. */
    FORBIDDEN("forbidden", 403),
    /** The input is larger than the service's limit. */
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    /** The service cannot do this now (no CA configured, key ring unavailable). */
    UNAVAILABLE("unavailable", 503),
    /** An unexpected fault; details are in the server log, never in the answer. */
    INTERNAL_ERROR("internal_error", 500);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The stable code, e.g. {@code decryption_failed}. */
    public String code() {
        return code;
    }

    /** The HTTP status the console answers with. */
    public int httpStatus() {
        return httpStatus;
    }
}
