package org.citywall.crypto;

/** How an SM2 ciphertext (C1, C3, C2) is encoded. Both orders follow GB/T 32918.4-2016: C1, C3, C2. */
public enum CiphertextFormat {
    /**
     * GM/T 0009 DER SEQUENCE{INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2} — the
     * default, and the only form OpenSSL 3 {@code pkeyutl} accepts.
     */
    ASN1,
    /** Raw C1‖C3‖C2 where C1 is the uncompressed point 04‖x‖y (65 bytes) and C3 the 32-byte SM3 check value. */
    RAW_C1C3C2
}
