// Verifies, in the browser, that an audit record is in the SM3 Merkle tree a signed tree head
// commits to (RFC 9162 §2.1.3.2 with SM3: leaf = SM3(0x00 ‖ record), node = SM3(0x01 ‖ L ‖ R)),
// and the head's SM2 signature (SM3 with Z value, user id 1234567812345678, DER). SM2/SM3 come
// from sm-crypto (npm); nothing here trusts the server's own verdict.
import smCrypto from 'sm-crypto';

const { sm3, sm2 } = smCrypto;

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw new Error('not a hex string');
  }
  const out = new Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
}

export function utf8(text) {
  return Array.from(new TextEncoder().encode(text));
}

/** SM3 of bytes, as bytes. */
export function sm3Bytes(bytes) {
  return hexToBytes(sm3(bytes));
}

/** The leaf hash of a record's canonical bytes: SM3(0x00 ‖ record). */
export function leafHash(recordBytes) {
  return sm3Bytes([0, ...recordBytes]);
}

/** An interior node: SM3(0x01 ‖ left ‖ right). */
export function nodeHash(left, right) {
  return sm3Bytes([1, ...left, ...right]);
}

/**
 * The root the audit path leads to from {@code leaf} at {@code index} in a tree of {@code size}
 * leaves, or null when the path does not fit the tree (RFC 9162 §2.1.3.2). Path: bottom sibling first.
 */
export function rootFromPath(index, size, leaf, path) {
  if (!(index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/**
 * Checks the inclusion of a record (its canonical JSON text) against a root.
 * @returns {{leaf: string, computedRoot: string|null, ok: boolean}} hex values and the verdict
 */
export function verifyInclusion(canonical, index, size, pathHex, rootHex) {
  const leaf = leafHash(utf8(canonical));
  const computed = rootFromPath(index, size, leaf, pathHex.map(hexToBytes));
  const computedHex = computed ? bytesToHex(computed) : null;
  return { leaf: bytesToHex(leaf), computedRoot: computedHex, ok: computedHex !== null && computedHex === rootHex.toLowerCase() };
}

/** Checks an SM2 signature (DER, SM3 with Z value, default user id) over a UTF-8 message. */
export function verifyHeadSignature(message, signatureHex, publicKeyHex) {
  try {
    return sm2.doVerifySignature(message, signatureHex, publicKeyHex, { der: true, hash: true });
  } catch (e) {
    return false;
  }
}
