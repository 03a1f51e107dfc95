package org.citywall.crypto;

/**
 * The one exception type of the crypto library. {@link #reason()} says what went wrong in a
 * form callers (and the service facade's stable error codes) can switch on; the message is a
 * clear sentence for a human and never contains key material or plaintext.
 */
public final class CryptoException extends RuntimeException {

    /** Why an operation was refused. */
    public enum Reason {
        /** A key, point, certificate, CSR or other encoding could not be parsed or is invalid. */
        MALFORMED_INPUT,
        /** An envelope (the {@code citywall:<key>:v<n>:...} form) could not be parsed. */
        MALFORMED_ENVELOPE,
        /** The key ring has no key of that name, or the key has no such version. */
        UNKNOWN_KEY,
        /** The key exists but its type does not support the operation. */
        WRONG_KEY_TYPE,
        /** The key version is disabled, destroyed, or below the key's minimum decryption version. */
        DISABLED_VERSION,
        /**
         * Decryption or authentication failed. Deliberately one reason for every cause
         * (tag, padding, point, length, wrong key): distinguishing them would be an oracle.
         */
        DECRYPTION_FAILED,
        /** A request is well formed but not allowed (bad name, too large, duplicate key, ...). */
        INVALID_REQUEST,
        /** The key ring file or master key is missing, unreadable, or does not match. */
        KEYRING_UNAVAILABLE,
        /** A certificate, CRL or chain failed validation. */
        VALIDATION_FAILED
    }

    private final Reason reason;

    public CryptoException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CryptoException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }

    /** The single, cause-free failure every decryption path throws. */
    static CryptoException decryptionFailed() {
        return new CryptoException(Reason.DECRYPTION_FAILED, "decryption failed");
    }

    static CryptoException malformed(String message) {
        return new CryptoException(Reason.MALFORMED_INPUT, message);
    }
}
