// The in-browser audit proof check, against SM3's standard test vector and trees built here
// independently (the RFC 9162 definitions written recursively).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import smCrypto from 'sm-crypto';
import { bytesToHex, hexToBytes, leafHash, nodeHash, rootFromPath, utf8, verifyInclusion, verifyHeadSignature } from '../src/merkle.js';

function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function path(m, leaves) {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  if (m < k) return [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))];
  return [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

const records = Array.from({ length: 21 }, (_, i) => `{"action":"alert.triage","seq":${i},"subject":"分析员${i}"}`);
const leaves = records.map((r) => leafHash(utf8(r)));

test('SM3 gives the standard digest of "abc" (GB/T 32905)', () => {
  assert.equal(bytesToHex(hexToBytes(smCrypto.sm3('abc'))), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
});

test('every leaf of every tree size from 1 to 21 verifies against its root', () => {
  for (let size = 1; size <= leaves.length; size++) {
    const tree = leaves.slice(0, size);
    const root = bytesToHex(mth(tree));
    for (let m = 0; m < size; m++) {
      const p = path(m, tree).map(bytesToHex);
      const v = verifyInclusion(records[m], m, size, p, root);
      assert.ok(v.ok, `leaf ${m} of ${size}`);
      assert.equal(v.computedRoot, root);
    }
  }
});

test('an altered record, a wrong index, a changed path or a path of the wrong length fails', () => {
  const size = 13;
  const tree = leaves.slice(0, size);
  const root = bytesToHex(mth(tree));
  const p = path(5, tree).map(bytesToHex);
  assert.equal(verifyInclusion(records[5].replace('分析员5', '分析员6'), 5, size, p, root).ok, false);
  assert.equal(verifyInclusion(records[5], 4, size, p, root).ok, false);
  const flipped = [...p];
  flipped[1] = (flipped[1][0] === '0' ? '1' : '0') + flipped[1].slice(1);
  assert.equal(verifyInclusion(records[5], 5, size, flipped, root).ok, false);
  assert.equal(verifyInclusion(records[5], 5, size, p.slice(0, -1), root).ok, false);
  assert.equal(verifyInclusion(records[5], 5, size, [...p, p[0]], root).ok, false);
  assert.equal(rootFromPath(size, size, tree[0], []), null);
});

test('a head signature made with SM2 (user id 1234567812345678) verifies, and not for another message or key', () => {
  const keys = smCrypto.sm2.generateKeyPairHex();
  const message = 'CITYWALL-AUDIT-STH-V1\n{"keyId":"audit-heads","keyVersion":1,"size":3}';
  const signature = smCrypto.sm2.doSignature(message, keys.privateKey, { der: true, hash: true });
  assert.equal(verifyHeadSignature(message, signature, keys.publicKey), true);
  assert.equal(verifyHeadSignature(message.replace('3', '4'), signature, keys.publicKey), false);
  assert.equal(verifyHeadSignature(message, signature, smCrypto.sm2.generateKeyPairHex().publicKey), false);
});
