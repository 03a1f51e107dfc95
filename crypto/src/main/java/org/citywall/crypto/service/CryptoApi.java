package org.citywall.crypto.service;

import java.util.List;

/**
 * Request and response records of {@link CryptoService}, shaped for JSON: binary values are
 * standard base64 strings, signatures, MACs and ciphertexts are envelope strings
 * ({@code citywall:<key>:v<n>:<base64>}), certificates and keys are PEM text. Optional fields
 * may be null.
 */
public final class CryptoApi {

    private CryptoApi() {
    }

    /**
     * Sign {@code message} with key {@code key}; {@code version} null means the primary.
     * {@code userId} is the signer's identity (UTF-8, 1 to {@value CryptoService#MAX_USER_ID_BYTES}
     * bytes) hashed into the SM2 Z value; null means the GM/T 0009 default {@code 1234567812345678}.
     * The envelope does not record it: verifiers must give the same id.
     */
    public record SignRequest(String key, String message, Integer version, String userId) {
        public SignRequest(String key, String message, Integer version) {
            this(key, message, version, null);
        }
    }

    /** {@code signature} is the envelope; {@code rawSignature} the base64 DER signature OpenSSL can verify. */
    public record SignResponse(String signature, String key, int version, String rawSignature) {
    }

    /**
     * Verify an envelope signature over {@code message} for signer identity {@code userId}
     * (null: the default id). The id is what the verifier expects; a signature made for another
     * id is {@code verification_failed}.
     */
    public record VerifyRequest(String message, String signature, String userId) {
        public VerifyRequest(String message, String signature) {
            this(message, signature, null);
        }
    }

    public record VerifyResponse(boolean valid, String key, int version) {
    }

    /** Encrypt with the primary version of {@code key}; {@code associatedData} (base64, optional) is bound for SM4-GCM keys. */
    public record EncryptRequest(String key, String plaintext, String associatedData) {
    }

    public record EncryptResponse(String ciphertext, String key, int version) {
    }

    /** Decrypt an envelope; the same {@code associatedData} as at encryption. */
    public record DecryptRequest(String ciphertext, String associatedData) {
    }

    public record DecryptResponse(String plaintext) {
    }

    /** Re-encrypt under the key's primary version without revealing the plaintext. */
    public record RewrapRequest(String ciphertext, String associatedData) {
    }

    public record HmacRequest(String key, String data) {
    }

    public record HmacResponse(String mac, String key, int version) {
    }

    public record HmacVerifyRequest(String data, String mac) {
    }

    public record HashRequest(String data) {
    }

    /** SM3 digest in hex and base64. */
    public record HashResponse(String sm3Hex, String sm3) {
    }

    /**
     * A fresh SM4 data key wrapped by SM4-GCM key {@code key}; {@code includePlaintext} false
     * returns only the wrapped form (Vault's "wrapped" data key).
     */
    public record DataKeyRequest(String key, String associatedData, boolean includePlaintext) {
    }

    public record DataKeyResponse(String plaintext, String wrappedKey, String key, int version) {
    }

    /** Create a key; {@code type} is a {@link org.citywall.crypto.KeyType} name such as {@code SM2_SIGNING}. */
    public record CreateKeyRequest(String name, String type) {
    }

    /**
     * Key settings to change; null leaves a setting as it is. {@code minDecryptionVersion}: versions
     * below it are refused for decrypt, verify and rewrap (as Vault's {@code min_decryption_version}).
     */
    public record KeyConfigRequest(Integer minDecryptionVersion) {
    }

    public record KeyVersionView(int version, String state, String created) {
    }

    public record KeyView(String name, String type, int primaryVersion, int minDecryptionVersion, List<KeyVersionView> versions) {
    }

    public record PublicKeyRequest(String key, Integer version) {
    }

    /** PEM SubjectPublicKeyInfo, readable by {@code openssl pkey -pubin}. */
    public record PublicKeyResponse(String key, int version, String publicKeyPem) {
    }

    /**
     * Issue a certificate from a PEM/base64-DER CSR. {@code keyUsages} and
     * {@code extendedKeyUsages} are enum names of
     * {@link org.citywall.crypto.pki.CertificateProfile}; {@code subjectAltNames} like
     * {@code dns:host}; empty means what the CSR asks for.
     */
    public record IssueCertificateRequest(String csr, int validityDays, List<String> keyUsages, List<String> extendedKeyUsages,
                                          List<String> subjectAltNames) {
    }

    public record CertificateResponse(String certificatePem, String serial, List<String> chainPem) {
    }

    /** Revoke by hex serial with an RFC 5280 reason code. */
    public record RevokeRequest(String serial, int reason) {
    }

    public record RevokeResponse(String serial, String revokedAt) {
    }

    public record CrlResponse(String crlPem) {
    }

    /**
     * CMS-sign {@code content} with SM2 key {@code key} (primary version);
     * {@code certificate} is the PEM certificate of that key version, included as the signer.
     */
    public record CmsSignRequest(String key, String content, boolean detached, String certificate) {
    }

    public record CmsSignResponse(String cms, String key, int version) {
    }

    /** Verify CMS SignedData (base64 DER); {@code content} only for detached signatures. */
    public record CmsVerifyRequest(String cms, String content) {
    }

    /** {@code trusted} is true when the signer's chain validates to this service's CA. */
    public record CmsVerifyResponse(String signerSubject, String signerSerial, String signingTime, String content, boolean trusted) {
    }
}
