// Stored cards as the payments service knows them, and the domain errors of the card use cases. None
// of these types or messages ever holds a card number or CVC: those exist only in the request and,
// sealed, in the store.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'other';

/** A stored card as anyone outside payments may see it. */
export interface PaymentMethod {
  readonly token: string;
  readonly userId: string;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly createdAt: Date;
}

/** What the charge path needs: the public view plus the opened number. Never leaves the service. */
export interface ChargeableCard extends PaymentMethod {
  readonly number: string;
}

/** Stable machine codes of rejected input (sent as the `reason` detail). */
export type InvalidCardReason =
  | 'INVALID_USER_ID'
  | 'INVALID_CARD_NUMBER'
  | 'CARD_NUMBER_CHECKSUM'
  | 'INVALID_EXP_MONTH'
  | 'INVALID_EXP_YEAR'
  | 'CARD_EXPIRED'
  | 'INVALID_CVC'
  | 'INVALID_TOKEN';

/** Input broke a rule; `field` names the request field. The message never contains the value. */
export class InvalidCardInput extends Error {
  override readonly name = 'InvalidCardInput';
  constructor(
    readonly field: string,
    readonly reason: InvalidCardReason,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The token is unknown, or belongs to another user (indistinguishable on purpose). */
export class PaymentMethodNotFound extends Error {
  override readonly name = 'PaymentMethodNotFound';
  constructor() {
    super('no such payment method for this user');
  }
}
