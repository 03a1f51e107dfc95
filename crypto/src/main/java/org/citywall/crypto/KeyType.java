package org.citywall.crypto;

/** What a named key in a {@link KeyRing} is for. A key has one purpose; using it for another is {@code WRONG_KEY_TYPE}. */
public enum KeyType {
    /** SM2 signatures (SM3 with Z value, default user id). */
    SM2_SIGNING,
    /** SM2 public-key encryption (C1C3C2, GM/T 0009 ASN.1). */
    SM2_ENCRYPTION,
    /** SM4-GCM authenticated encryption; also the key-encryption key of envelope encryption and data keys. */
    SM4_GCM,
    /** HMAC-SM3 message authentication. */
    HMAC_SM3
}
