// A payment provider simulated on Postgres, standing in for a real one. Its ledger (provider_charges,
// on the shard the ring names for the idempotency key) is what makes it idempotent: a repeated key gets
// the recorded outcome back, so a retry after a timeout or a crash never charges twice.
// Test cards:  4242424242424242 succeeds;  4000000000000002 is declined;  4000000000009995 is declined
// for insufficient funds;  4000000000000119 fails with a processing error on the first two attempts
// for an idempotency key, then succeeds. Any other valid card succeeds.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ShardSet } from '@orrery/platform/pg';
import { isExpired } from '../cards/validate-card.js';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  TransientProviderError,
} from './payment-provider.js';

export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  failsTwiceThenSucceeds: '4000000000000119',
} as const;

export interface SimulatedProviderOptions {
  readonly shards: ShardSet;
  /** Added to every call before it is processed (ORRERY_PROVIDER_LATENCY_MS). */
  readonly latencyMs: number;
  /** Share of calls that fail with a processing error before anything is recorded (0..1). */
  readonly failureRate: number;
}

interface ChargeRow {
  charge_id: string;
  outcome: 'succeeded' | 'declined';
  decline_reason: string | null;
}

function fromRow(row: ChargeRow): ChargeResult {
  if (row.outcome === 'succeeded') return { outcome: 'succeeded', chargeId: row.charge_id };
  const reason =
    row.decline_reason === 'INSUFFICIENT_FUNDS' || row.decline_reason === 'CARD_EXPIRED'
      ? row.decline_reason
      : 'CARD_DECLINED';
  return {
    outcome: 'declined',
    reason,
    message: reason === 'CARD_DECLINED' ? 'card declined' : reason.toLowerCase().replace('_', ' '),
  };
}

function decide(request: ChargeRequest): { outcome: 'succeeded' | 'declined'; reason: string | null } {
  const { number, expMonth, expYear } = request.card;
  if (isExpired(expMonth, expYear, new Date())) return { outcome: 'declined', reason: 'CARD_EXPIRED' };
  if (number === TEST_CARDS.declined) return { outcome: 'declined', reason: 'CARD_DECLINED' };
  if (number === TEST_CARDS.insufficientFunds) return { outcome: 'declined', reason: 'INSUFFICIENT_FUNDS' };
  return { outcome: 'succeeded', reason: null };
}

export function simulatedProvider(options: SimulatedProviderOptions): PaymentProvider {
  const { shards } = options;
  const abortedError = () => new TransientProviderError('timeout', 'provider call timed out');

  return {
    async charge(request, signal) {
      const shard = shards.forKey(request.idempotencyKey);
      if (options.latencyMs > 0)
        await sleep(options.latencyMs, undefined, { signal }).catch(() => {
          throw abortedError();
        });
      if (signal?.aborted) throw abortedError();
      const recorded = await shard.query<ChargeRow>(
        'SELECT charge_id, outcome, decline_reason FROM provider_charges WHERE idempotency_key = $1',
        [request.idempotencyKey],
      );
      if (recorded.rows[0]) return fromRow(recorded.rows[0]);

      if (request.card.number === TEST_CARDS.failsTwiceThenSucceeds) {
        const { rows } = await shard.query<{ attempts: number }>(
          `INSERT INTO provider_attempts (idempotency_key, attempts) VALUES ($1, 1)
           ON CONFLICT (idempotency_key) DO UPDATE SET attempts = provider_attempts.attempts + 1 RETURNING attempts`,
          [request.idempotencyKey],
        );
        if ((rows[0]?.attempts ?? 1) <= 2) {
          throw new TransientProviderError('processing_error', 'simulated processing error (test card)');
        }
      }
      if (Math.random() < options.failureRate) {
        throw new TransientProviderError('processing_error', 'simulated processing error');
      }
      if (signal?.aborted) throw abortedError();

      const decision = decide(request);
      const inserted = await shard.query<ChargeRow>(
        `INSERT INTO provider_charges (charge_id, idempotency_key, outcome, decline_reason, amount_cents, currency, last4)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING charge_id, outcome, decline_reason`,
        [
          `ch_${randomBytes(12).toString('base64url')}`,
          request.idempotencyKey,
          decision.outcome,
          decision.reason,
          request.amount.amountCents.toString(),
          request.amount.currency,
          request.card.number.slice(-4),
        ],
      );
      if (inserted.rows[0]) return fromRow(inserted.rows[0]);
      // a concurrent call with the same key inserted first: its outcome stands
      const final = await shard.query<ChargeRow>(
        'SELECT charge_id, outcome, decline_reason FROM provider_charges WHERE idempotency_key = $1',
        [request.idempotencyKey],
      );
      return fromRow(final.rows[0] as ChargeRow);
    },
  };
}
