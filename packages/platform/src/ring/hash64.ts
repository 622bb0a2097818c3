import { createHash } from 'node:crypto';

/**
 * The ring's hash: the first 8 bytes of SHA-256 over the UTF-8 text, read as an unsigned big-endian
 * 64-bit integer. Pure and platform-independent, so every process and every restart agrees.
 */
export function hash64(text: string): bigint {
  return createHash('sha256').update(text, 'utf8').digest().readBigUInt64BE(0);
}
