// Simplified Chinese and English say the same things: every message key, every error code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const load = (name) => JSON.parse(readFileSync(new URL('../src/locales/' + name + '.json', import.meta.url), 'utf8'));

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, prefix + k + '.') : [prefix + k]));
}

test('both languages have exactly the same message keys', () => {
  assert.deepEqual(keys(load('zh-CN')).sort(), keys(load('en')).sort());
});

test('the error codes the console answers with have a text in both languages', () => {
  for (const name of ['en', 'zh-CN']) {
    const codes = load(name).errorCodes;
    for (const code of ['session_ended', 'session_expired', 'csrf_token_invalid', 'audit_unavailable', 'search_unavailable',
      'rule_shared', 'invalid_status', 'reason_too_long', 'text_too_long', 'internal_error', 'own_account',
      'protected_account', 'password_change_required']) {
      assert.ok(codes[code] && codes[code].length > 0, name + ' lacks ' + code);
    }
  }
});
