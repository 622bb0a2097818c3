// The card-encryption keyring parsed from ORRERY_CARD_KEYS (`k1:<base64 of 32 bytes>[,k2:…]`, newest
// last). Key bytes live in a private field: they never show up in JSON, util.inspect or a log line,
// and problems are reported by entry number and key id, never with key material.

/** A key id: 1-32 letters, digits, `_` or `-`; stored beside every ciphertext it sealed. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
export const KEY_BYTES = 32;

/** Thrown for a malformed keyring; the message never contains key material. */
export class CardKeysProblem extends Error {
  override readonly name = 'CardKeysProblem';
}

export class CardKeyring {
  readonly #keys: ReadonlyMap<string, Buffer>;
  /** Id of the newest key: the one new data is sealed with. */
  readonly currentId: string;

  constructor(keys: ReadonlyMap<string, Buffer>) {
    const ids = [...keys.keys()];
    const newest = ids.at(-1);
    if (newest === undefined) throw new CardKeysProblem('no keys');
    this.#keys = keys;
    this.currentId = newest;
  }

  /** Every key id, oldest first. */
  get ids(): readonly string[] {
    return [...this.#keys.keys()];
  }

  /** The key with this id, or undefined for an unknown (e.g. retired) id. */
  key(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  toJSON(): { ids: readonly string[]; currentId: string } {
    return { ids: this.ids, currentId: this.currentId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `CardKeyring(${this.ids.join(', ')}; current ${this.currentId})`;
  }
}

/** Parses `id:<base64 of 32 bytes>` entries separated by commas, newest last. */
export function parseCardKeys(raw: string): CardKeyring {
  const entries = raw.split(',').map((entry) => entry.trim());
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, index) => {
    const at = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new CardKeysProblem(`${at} is not "id:<base64 key>"`);
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) throw new CardKeysProblem(`${at} has an invalid key id (1-32 of A-Z a-z 0-9 _ -)`);
    if (keys.has(id)) throw new CardKeysProblem(`${at} repeats key id "${id}"`);
    if (!BASE64.test(encoded)) throw new CardKeysProblem(`${at} (key id "${id}") is not base64`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) {
      throw new CardKeysProblem(`${at} (key id "${id}") is ${key.length} bytes, not ${KEY_BYTES}`);
    }
    keys.set(id, key);
  });
  return new CardKeyring(keys);
}
