/**
 * CityWall national cryptography on Bouncy Castle: SM2, SM3, SM4 and a versioned key ring.
 *
 * <ul>
 *   <li>{@link org.citywall.crypto.Sm3}, {@link org.citywall.crypto.HmacSm3} — hashing and MACs.</li>
 *   <li>{@link org.citywall.crypto.Sm2PrivateKey}, {@link org.citywall.crypto.Sm2PublicKey} — SM2
 *       key generation, signatures (SM3 with Z value, default user id {@code 1234567812345678},
 *       DER or raw r‖s), encryption (C1C3C2, GM/T 0009 ASN.1 or raw), PKCS#8 / SubjectPublicKeyInfo
 *       PEM that OpenSSL 3 reads and writes.</li>
 *   <li>{@link org.citywall.crypto.Sm4Gcm} — the AEAD for new data; {@link org.citywall.crypto.Sm4}
 *       — ECB/CBC/CTR/OFB/CFB and CCM for interoperability.</li>
 *   <li>{@link org.citywall.crypto.EnvelopeEncryption} and {@link org.citywall.crypto.StreamingAead} —
 *       per-object data keys wrapped by a versioned KEK; chunked SM4-GCM streams.</li>
 *   <li>{@link org.citywall.crypto.KeyRing} — named keys with versions, primary, rotation,
 *       disable/destroy, minimum decryption version, rewrap; every output an
 *       {@link org.citywall.crypto.Envelope} ({@code citywall:<key>:v<n>:<base64>}).</li>
 * </ul>
 *
 * <p>All failures are {@link org.citywall.crypto.CryptoException} with a
 * {@link org.citywall.crypto.CryptoException.Reason}; decryption failures are deliberately
 * indistinguishable.
 */
package org.citywall.crypto;
