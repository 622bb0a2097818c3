import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { type DeepReadonly, deepFreeze } from './deep-freeze.js';

/** The environment as `process.env` shapes it. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` once with `schema` (a zod object keyed by variable name, built from `fields`) and returns
 * the result deeply frozen. An empty variable counts as unset. Every invalid variable is reported at once
 * in a single `ConfigError`.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env): DeepReadonly<z.output<S>> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') present[name] = value;
  }
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map(toIssue));
  }
  return deepFreeze(result.data);
}

function toIssue(issue: z.core.$ZodIssue): ConfigIssue {
  const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
  return { variable, message: issue.message };
}

/**
 * Runs `fn`; if it throws a `ConfigError`, prints the message to stderr and exits with code 1.
 * Other errors propagate unchanged.
 */
export function exitOnConfigError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** `loadConfig` for a service's boot: bad configuration prints every problem and exits 1. */
export function bootConfig<S extends z.ZodType>(schema: S, env: Env): DeepReadonly<z.output<S>> {
  return exitOnConfigError(() => loadConfig(schema, env));
}
