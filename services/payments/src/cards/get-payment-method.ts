import { type ChargeableCard, type PaymentMethod, PaymentMethodNotFound } from './card.js';
import { type CardDeps, cardAad } from './deps.js';
import { paymentToken, userId as parseUserId, TOKEN_SHAPE } from './validate-card.js';

/** The public view of a stored card; PaymentMethodNotFound for an unknown token or another user's. */
export async function getPaymentMethod(
  { store }: CardDeps,
  input: { userId: string; token: string },
): Promise<PaymentMethod> {
  const found = await store.find(parseUserId(input.userId), paymentToken(input.token));
  if (!found) throw new PaymentMethodNotFound();
  const { sealed: _, ...card } = found;
  return card;
}

/**
 * For the charge path only: the stored card with its number opened. PaymentMethodNotFound for an
 * unknown or malformed token, or one another user owns. The result must never leave the service.
 */
export async function getChargeableCard(
  { store, vault }: CardDeps,
  userId: string,
  token: string,
): Promise<ChargeableCard> {
  const found = TOKEN_SHAPE.test(token) ? await store.find(parseUserId(userId), token) : undefined;
  if (!found) throw new PaymentMethodNotFound();
  const { sealed, ...card } = found;
  return { ...card, number: vault.open(sealed, cardAad(found.token, found.userId)) };
}
