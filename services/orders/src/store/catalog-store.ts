// Catalog prices as an order needs them: read on the user's own shard inside the order's transaction
// (every shard holds the same catalog), so the order and its prices come from one snapshot.
import { type Queryable, runner } from './tx.js';

export interface PricedProduct {
  readonly id: string;
  readonly name: string;
  readonly priceCents: bigint;
  readonly currency: string;
}

export async function findProducts(
  on: Queryable,
  ids: readonly string[],
): Promise<Map<string, PricedProduct>> {
  const { rows } = await runner(on).query<{
    id: string;
    name: string;
    price_cents: string;
    currency: string;
  }>('SELECT id, name, price_cents, currency FROM products WHERE id = ANY($1::text[])', [ids]);
  return new Map(
    rows.map((row) => [
      row.id,
      { id: row.id, name: row.name, priceCents: BigInt(row.price_cents), currency: row.currency },
    ]),
  );
}
