/** Keys whose values never reach a log line, at any of the first three nesting levels. */
export const SECRET_KEYS: readonly string[] = [
  'password',
  'newPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'authorization',
  'Authorization',
  'cookie',
  'secret',
  'clientSecret',
  'apiKey',
  'privateKey',
  'encryptionKey',
  'cardNumber',
  'card_number',
  'number',
  'pan',
  'cvc',
  'cvv',
  'ciphertext',
];

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** pino `redact.paths` for `SECRET_KEYS` at depth 1-3 (`key`, `*.key`, `*.*.key`). */
export function redactPaths(keys: readonly string[] = SECRET_KEYS): string[] {
  return keys.flatMap((key) => {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    return [segment, `*.${segment}`, `*.*.${segment}`];
  });
}
