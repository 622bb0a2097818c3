import { randomBytes } from 'node:crypto';
import type { PaymentMethod } from './card.js';
import { type CardDeps, cardAad } from './deps.js';
import { type CardInput, userId as parseUserId, validateCard } from './validate-card.js';

export interface TokenizeCardInput extends CardInput {
  readonly userId: string;
}

/** `pm_` and 24 url-safe characters (144 random bits). */
export function newToken(): string {
  return `pm_${randomBytes(18).toString('base64url')}`;
}

/**
 * Validates the card (the CVC is checked here and then dropped), seals the number with the newest key,
 * stores it on the owner's shard and returns the public view. Invalid input stores nothing.
 */
export async function tokenizeCard(
  { store, vault }: CardDeps,
  input: TokenizeCardInput,
): Promise<PaymentMethod> {
  const userId = parseUserId(input.userId);
  const card = validateCard(input);
  const token = newToken();
  const sealed = vault.seal(card.number, cardAad(token, userId));
  const { sealed: _, ...stored } = await store.insert({
    token,
    userId,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    sealed,
  });
  return stored;
}
