// The rules a card must pass before it is stored. Each failure names the field and a stable reason;
// no message ever repeats the value it rejects.
import { type CardBrand, InvalidCardInput } from './card.js';

/** A lower-case UUID. */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TOKEN_SHAPE = /^pm_[A-Za-z0-9_-]{16,64}$/;
/** Years ahead a card may expire; further is a typo, not a card. */
export const MAX_YEARS_AHEAD = 50;

export interface CardInput {
  readonly number: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly cvc: string;
}

export interface ValidCard {
  readonly number: string;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
}

export function userId(raw: string, field = 'user_id'): string {
  const id = raw.trim().toLowerCase();
  if (!UUID_SHAPE.test(id)) throw new InvalidCardInput(field, 'INVALID_USER_ID', 'must be a UUID');
  return id;
}

export function paymentToken(raw: string, field = 'token'): string {
  if (!TOKEN_SHAPE.test(raw))
    throw new InvalidCardInput(field, 'INVALID_TOKEN', 'must be a payment method token (pm_…)');
  return raw;
}

/** The Luhn (mod 10) check digit test. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The card network, from the number's issuer prefix. */
export function brandOf(number: string): CardBrand {
  const prefix = (length: number) => Number(number.slice(0, length));
  if (number.startsWith('4')) return 'visa';
  if (number.startsWith('34') || number.startsWith('37')) return 'amex';
  if ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720)) return 'mastercard';
  if (
    number.startsWith('6011') ||
    number.startsWith('65') ||
    (prefix(3) >= 644 && prefix(3) <= 649) ||
    (prefix(6) >= 622126 && prefix(6) <= 622925)
  ) {
    return 'discover';
  }
  return 'other';
}

/** A card is valid through the last day of its expiry month. */
export function isExpired(expMonth: number, expYear: number, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expYear < year || (expYear === year && expMonth < month);
}

export function validateCard(input: CardInput, now: Date = new Date()): ValidCard {
  const number = input.number;
  if (!/^\d{12,19}$/.test(number)) {
    throw new InvalidCardInput('number', 'INVALID_CARD_NUMBER', 'must be 12 to 19 digits, no spaces');
  }
  if (!luhnValid(number)) {
    throw new InvalidCardInput('number', 'CARD_NUMBER_CHECKSUM', 'is not a valid card number (check digit)');
  }
  const { expMonth, expYear } = input;
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) {
    throw new InvalidCardInput('exp_month', 'INVALID_EXP_MONTH', 'must be 1 to 12');
  }
  if (!Number.isInteger(expYear) || expYear < 1000 || expYear > 9999) {
    throw new InvalidCardInput('exp_year', 'INVALID_EXP_YEAR', 'must be a four-digit year');
  }
  if (expYear > now.getUTCFullYear() + MAX_YEARS_AHEAD) {
    throw new InvalidCardInput(
      'exp_year',
      'INVALID_EXP_YEAR',
      `must be at most ${MAX_YEARS_AHEAD} years ahead`,
    );
  }
  if (isExpired(expMonth, expYear, now)) {
    const field = expYear === now.getUTCFullYear() ? 'exp_month' : 'exp_year';
    throw new InvalidCardInput(field, 'CARD_EXPIRED', 'the card has expired');
  }
  const brand = brandOf(number);
  const cvcDigits = brand === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcDigits}}$`).test(input.cvc)) {
    throw new InvalidCardInput('cvc', 'INVALID_CVC', `must be ${cvcDigits} digits for this card`);
  }
  return { number, brand, last4: number.slice(-4), expMonth, expYear };
}
