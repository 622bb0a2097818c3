// Stored cards in Postgres, each on the shard the ring names for its owner's user id. The number only
// ever crosses this boundary sealed.
import type { ShardSet } from '@orrery/platform/pg';
import type { CardBrand, PaymentMethod } from '../cards/card.js';
import type { Sealed } from '../vault/card-vault.js';

interface PaymentMethodRow {
  token: string;
  user_id: string;
  brand: CardBrand;
  last4: string;
  exp_month: number;
  exp_year: number;
  key_id: string;
  number_sealed: Buffer;
  created_at: Date;
}

/** A stored card with its sealed number. */
export interface StoredCard extends PaymentMethod {
  readonly sealed: Sealed;
}

export type NewStoredCard = Omit<StoredCard, 'createdAt'>;

export interface PaymentMethodStore {
  insert(card: NewStoredCard): Promise<StoredCard>;
  /** The card with this token if `userId` owns it. */
  find(userId: string, token: string): Promise<StoredCard | undefined>;
}

const COLUMNS = 'token, user_id, brand, last4, exp_month, exp_year, key_id, number_sealed, created_at';

function fromRow(row: PaymentMethodRow): StoredCard {
  return {
    token: row.token,
    userId: row.user_id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    createdAt: row.created_at,
    sealed: { keyId: row.key_id, data: row.number_sealed },
  };
}

export function paymentMethodStore(shards: ShardSet): PaymentMethodStore {
  return {
    async insert(card) {
      const { rows } = await shards.forKey(card.userId).query<PaymentMethodRow>(
        `INSERT INTO payment_methods (token, user_id, brand, last4, exp_month, exp_year, key_id, number_sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          card.token,
          card.userId,
          card.brand,
          card.last4,
          card.expMonth,
          card.expYear,
          card.sealed.keyId,
          card.sealed.data,
        ],
      );
      return fromRow(rows[0] as PaymentMethodRow);
    },
    async find(userId, token) {
      const { rows } = await shards
        .forKey(userId)
        .query<PaymentMethodRow>(`SELECT ${COLUMNS} FROM payment_methods WHERE token = $1 AND user_id = $2`, [
          token,
          userId,
        ]);
      return rows[0] && fromRow(rows[0]);
    },
  };
}
