import type pg from 'pg';

/** The channel the outbox trigger (migration 9003) notifies when a transaction that wrote events commits. */
export const OUTBOX_CHANNEL = 'orrery_outbox';

/** Wake-ups of one shard's relay leader: NOTIFY on its connection, or a fallback timeout. */
export interface OutboxWakeUps {
  /** LISTENs on `client` (once per connection; a new leader session brings a new connection). */
  listen(client: pg.Client): Promise<void>;
  /**
   * Resolves when a notification arrives, after `ms`, or when `signal` aborts — at once if a
   * notification arrived since the last wait (rows committed while the leader was publishing).
   */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

export function outboxWakeUps(): OutboxWakeUps {
  const listening = new WeakSet<pg.Client>();
  let pending = false;
  let wake: (() => void) | undefined;
  return {
    async listen(client) {
      if (listening.has(client)) return;
      listening.add(client);
      client.on('notification', (message) => {
        if (message.channel !== OUTBOX_CHANNEL) return;
        pending = true;
        wake?.();
      });
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    },
    wait(ms, signal) {
      if (pending || signal.aborted) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = undefined;
          pending = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        wake = done;
      });
    },
  };
}
