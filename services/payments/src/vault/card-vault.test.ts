import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { CardKeysProblem, parseCardKeys } from './card-keys.js';
import { createCardVault, VaultError } from './card-vault.js';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const AAD = 'pm_abc:1b4e28ba-2fa1-11d2-883f-0016d3cca427';

test('a sealed number opens again with the same AAD, and the ciphertext does not contain it', () => {
  const vault = createCardVault(parseCardKeys(`k1:${k1}`));
  const sealed = vault.seal('4242424242424242', AAD);
  assert.equal(sealed.keyId, 'k1');
  assert.equal(sealed.data.includes(Buffer.from('4242424242424242')), false);
  assert.equal(vault.open(sealed, AAD), '4242424242424242');
  assert.notDeepEqual(vault.seal('4242424242424242', AAD).data, sealed.data, 'a fresh IV every time');
});

test('rotation: new data uses the newest key, data sealed with an older key still opens', () => {
  const old = createCardVault(parseCardKeys(`k1:${k1}`)).seal('4000000000000002', AAD);
  const rotated = createCardVault(parseCardKeys(`k1:${k1},k2:${k2}`));
  assert.equal(rotated.seal('4242424242424242', AAD).keyId, 'k2');
  assert.equal(rotated.open(old, AAD), '4000000000000002');
  const retired = createCardVault(parseCardKeys(`k2:${k2}`));
  assert.throws(() => retired.open(old, AAD), VaultError);
});

test('a flipped bit anywhere in the sealed value is detected', () => {
  const vault = createCardVault(parseCardKeys(`k1:${k1}`));
  const sealed = vault.seal('4242424242424242', AAD);
  for (const index of [0, 13, sealed.data.length - 1]) {
    const data = Buffer.from(sealed.data);
    data[index] = (data[index] ?? 0) ^ 0x01;
    assert.throws(() => vault.open({ keyId: 'k1', data }, AAD), VaultError);
  }
  assert.throws(() => vault.open({ keyId: 'k1', data: sealed.data.subarray(0, 20) }, AAD), VaultError);
});

test('the wrong AAD (another token or user) does not open the value', () => {
  const vault = createCardVault(parseCardKeys(`k1:${k1}`));
  const sealed = vault.seal('4242424242424242', AAD);
  assert.throws(() => vault.open(sealed, 'pm_other:1b4e28ba-2fa1-11d2-883f-0016d3cca427'), VaultError);
  assert.throws(() => vault.open(sealed, 'pm_abc:00000000-0000-0000-0000-000000000000'), VaultError);
});

test('a different key with the same id does not open the value', () => {
  const sealed = createCardVault(parseCardKeys(`k1:${k1}`)).seal('4242424242424242', AAD);
  assert.throws(() => createCardVault(parseCardKeys(`k1:${k2}`)).open(sealed, AAD), VaultError);
});

test('malformed keyrings are refused without printing key material', () => {
  const short = randomBytes(16).toString('base64');
  const cases: [string, RegExp][] = [
    [`k1:${short}`, /entry 1 \(key id "k1"\) is 16 bytes, not 32/],
    [`k1:${k1},k1:${k2}`, /entry 2 repeats key id "k1"/],
    [k1, /entry 1 is not "id:<base64 key>"/],
    [`k1:${k1},`, /entry 2 is not "id:<base64 key>"/],
    [`bad id:${k1}`, /entry 1 has an invalid key id/],
    [`k1:not*base64`, /entry 1 \(key id "k1"\) is not base64/],
  ];
  for (const [raw, expected] of cases) {
    assert.throws(
      () => parseCardKeys(raw),
      (error: Error) => {
        assert.ok(error instanceof CardKeysProblem);
        assert.match(error.message, expected);
        for (const secret of [k1, k2, short, 'not*base64'])
          assert.equal(error.message.includes(secret), false);
        return true;
      },
    );
  }
});

test('a keyring never shows its keys in JSON or util.inspect', () => {
  const keyring = parseCardKeys(`k1:${k1},k2:${k2}`);
  const shown = `${JSON.stringify(keyring)} ${inspect(keyring)} ${inspect({ nested: keyring })}`;
  assert.equal(shown.includes(k1) || shown.includes(k2), false);
  assert.match(JSON.stringify(keyring), /"currentId":"k2"/);
});
