/**
 * SM2 public-key infrastructure: {@link org.citywall.crypto.pki.CertificateAuthority} (root,
 * intermediate, issue from a PKCS#10 CSR after checking its SM2 signature, revoke, CRL) with a
 * {@link org.citywall.crypto.pki.CaLedger}; {@link org.citywall.crypto.pki.ChainValidator};
 * {@link org.citywall.crypto.pki.CsrBuilder}; {@link org.citywall.crypto.pki.Cms} SignedData with
 * GM/T 0010 object identifiers; {@link org.citywall.crypto.pki.Pkix} PEM/DER reading and writing.
 * Every signature is SM2-with-SM3 with the default user id {@code 1234567812345678}.
 */
package org.citywall.crypto.pki;
