import type { ShardSet } from '@orrery/platform/pg';

export interface Product {
  id: string;
  name: string;
  description: string;
  priceCents: bigint;
  currency: string;
}

/** The catalog, read from one shard: every shard holds the same seeded rows. */
export async function listProducts(shards: ShardSet): Promise<Product[]> {
  const { rows } = await shards.shard(0).query<{
    id: string;
    name: string;
    description: string;
    price_cents: string;
    currency: string;
  }>('SELECT id, name, description, price_cents, currency FROM products ORDER BY name');
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: BigInt(row.price_cents),
    currency: row.currency,
  }));
}
