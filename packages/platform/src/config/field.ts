import { z } from 'zod';

/** Thrown by a field's parse function to add a reason to the "expected …, got …" message. */
export class FieldProblem extends Error {}

const MAX_SHOWN = 120;

/** Masks `user:password@` in URL-like text so secrets never reach an error message or log. */
export function redactUrlSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@,]*):[^\s@,]*@/gi, '$1:***@');
}

function show(raw: string): string {
  const clean = redactUrlSecrets(raw);
  const cut = clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
  return JSON.stringify(cut);
}

/**
 * Builds a zod schema for one environment variable. `expected` completes the sentence
 * "expected …"; `parse` returns the typed value or throws (a `FieldProblem` adds its message as a reason).
 */
export function field<T>(expected: string, parse: (raw: string) => T) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `required; expected ${expected}`
          : `expected ${expected}, got a non-string`,
    })
    .transform((raw, ctx): T => {
      try {
        return parse(raw);
      } catch (error) {
        const reason = error instanceof FieldProblem ? ` (${error.message})` : '';
        ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${show(raw)}${reason}` });
        return z.NEVER;
      }
    });
}

/** Splits a comma-separated list, trimming entries; an empty entry is a problem. */
export function splitList(raw: string): string[] {
  const items = raw.split(',').map((item) => item.trim());
  const empty = items.indexOf('');
  if (empty >= 0) throw new FieldProblem(`entry ${empty + 1} is empty`);
  return items;
}

/** Parses a decimal integer, rejecting signs, fractions and anything else. */
export function parseInteger(raw: string): number {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) throw new Error('not an integer');
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error('too large');
  return value;
}

/** Parses `host:port` or `[ipv6]:port`. */
export function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  const host = match?.[1];
  const portText = match?.[2];
  if (host === undefined || portText === undefined) throw new FieldProblem(`"${text}" is not host:port`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new FieldProblem(`port ${port} in "${text}" is outside 1-65535`);
  return { host, port };
}
