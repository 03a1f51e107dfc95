package org.citywall.crypto;

/** How an SM2 signature (r, s) is encoded. */
public enum SignatureFormat {
    /** DER SEQUENCE{INTEGER r, INTEGER s} (GM/T 0009) — the default, and what OpenSSL reads and writes. */
    DER,
    /** Raw r‖s, each 32 bytes big-endian (64 bytes in all). */
    RAW
}
