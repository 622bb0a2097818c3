import type { GrpcLogger } from './types.js';

/** The fallback logger: one JSON line per entry on stderr, errors reduced to name, message and stack. */
export const stderrLogger: GrpcLogger = {
  error: (fields, message) => write('error', fields, message),
  warn: (fields, message) => write('warn', fields, message),
};

function write(level: string, fields: Record<string, unknown>, message: string): void {
  const entry: Record<string, unknown> = { level, time: Date.now(), msg: message };
  for (const [key, value] of Object.entries(fields))
    entry[key] = value instanceof Error ? describe(value) : value;
  process.stderr.write(`${JSON.stringify(entry)}\n`);
}

function describe(error: Error): Record<string, unknown> {
  return { type: error.name, message: error.message, stack: error.stack };
}
