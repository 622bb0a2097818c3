import type { PaymentMethodStore } from '../store/payment-method-store.js';
import type { CardVault } from '../vault/card-vault.js';

/** What the card use cases need; built in app.ts. */
export interface CardDeps {
  readonly store: PaymentMethodStore;
  readonly vault: CardVault;
}

/** The AAD that binds a sealed number to its token and owner. */
export function cardAad(token: string, userId: string): string {
  return `orrery.payments.v1.card:${token}:${userId}`;
}
