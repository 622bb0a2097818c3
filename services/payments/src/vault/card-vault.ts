// AES-256-GCM for card numbers at rest. Each sealed value records the id of the key that sealed it,
// so keys rotate without re-encrypting: new data uses the newest key, older keys still open old data.
// The additional authenticated data (AAD) binds a ciphertext to its owner and token, so a ciphertext
// copied onto another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CardKeyring } from './card-keys.js';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value as stored: the key id and `iv ‖ tag ‖ ciphertext`. */
export interface Sealed {
  readonly keyId: string;
  readonly data: Buffer;
}

/** A sealed value could not be opened: unknown key id, tampering, or the wrong AAD. Says nothing more. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
}

export interface CardVault {
  seal(plaintext: string, aad: string): Sealed;
  open(sealed: Sealed, aad: string): string;
}

export function createCardVault(keyring: CardKeyring): CardVault {
  return {
    seal(plaintext, aad) {
      const keyId = keyring.currentId;
      const key = keyring.key(keyId);
      if (key === undefined) throw new VaultError(`no key ${keyId}`);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { keyId, data: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    open(sealed, aad) {
      const key = keyring.key(sealed.keyId);
      if (key === undefined) throw new VaultError(`sealed with unknown key id "${sealed.keyId}"`);
      if (sealed.data.length < IV_BYTES + TAG_BYTES) throw new VaultError('sealed value is truncated');
      const iv = sealed.data.subarray(0, IV_BYTES);
      const tag = sealed.data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const body = sealed.data.subarray(IV_BYTES + TAG_BYTES);
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new VaultError('sealed value failed authentication (tampered, or bound to another card)');
      }
    },
  };
}
