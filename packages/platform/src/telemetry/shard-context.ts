import { context, createContextKey } from '@opentelemetry/api';

const SHARD = createContextKey('orrery.shard');

/**
 * Runs `fn` with `shard` in the active context, so database spans started inside it (the pg
 * instrumentation's request hook reads it) carry the `orrery.shard` attribute.
 */
export function withShardContext<T>(shard: number, fn: () => T): T {
  return context.with(context.active().setValue(SHARD, shard), fn);
}

/** The shard set by the nearest enclosing `withShardContext`, if any. */
export function activeShard(): number | undefined {
  const value = context.active().getValue(SHARD);
  return typeof value === 'number' ? value : undefined;
}
