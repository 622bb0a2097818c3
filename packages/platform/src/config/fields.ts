import { z } from 'zod';
import { FieldProblem, field, parseHostPort, parseInteger, splitList } from './field.js';

/** Pino log levels accepted by `ORRERY_LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of `LOG_LEVELS`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The most shards a service may be configured with. */
export const MAX_SHARDS = 64;

/** A TCP port, 1-65535. */
export function port() {
  return field('an integer port 1-65535', (raw) => {
    const value = parseInteger(raw);
    if (value < 1 || value > 65535) throw new Error('out of range');
    return value;
  });
}

/** An integer within `[min, max]` (min defaults to 1). */
export function positiveInt(range: { min?: number; max?: number } = {}) {
  const min = range.min ?? 1;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  return field(`an integer ${min}-${max}`, (raw) => {
    const value = parseInteger(raw);
    if (value < min || value > max) throw new Error('out of range');
    return value;
  });
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** A duration in milliseconds: `1500`, `1500ms`, `2s` or `1m`, within `[min, max]` ms. */
export function durationMs(range: { min?: number; max?: number } = {}) {
  const min = range.min ?? 0;
  const max = range.max ?? 86_400_000;
  return field(`a duration in ms ${min}-${max} (e.g. 1500, 1500ms, 2s)`, (raw) => {
    const match = /^(\d+)(ms|s|m)?$/.exec(raw.trim());
    if (match?.[1] === undefined) throw new Error('not a duration');
    const value = Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error('out of range');
    return value;
  });
}

/** A pino log level. */
export function logLevel() {
  return field(`one of ${LOG_LEVELS.join(', ')}`, (raw): LogLevel => {
    const found = LOG_LEVELS.find((level) => level === raw.trim().toLowerCase());
    if (found === undefined) throw new Error('unknown level');
    return found;
  });
}

function parseUrl(text: string, protocols: readonly string[], entry: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FieldProblem(`${entry} is not a URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new FieldProblem(`${entry} has scheme "${url.protocol}", not ${protocols.join(' or ')}`);
  }
  if (url.hostname === '') throw new FieldProblem(`${entry} has no host`);
  return url;
}

/** Comma-separated Postgres URLs, one per shard in shard order; 1-`MAX_SHARDS` entries, no repeats. */
export function pgUrls() {
  return field(
    `1-${MAX_SHARDS} comma-separated postgres:// URLs, one per shard`,
    (raw): readonly string[] => {
      const items = splitList(raw);
      if (items.length > MAX_SHARDS) {
        throw new FieldProblem(
          `unknown shard count ${items.length}; at most ${MAX_SHARDS} shards are supported`,
        );
      }
      items.forEach((item, index) => {
        const url = parseUrl(item, ['postgres:', 'postgresql:'], `entry ${index + 1}`);
        if (url.pathname.length < 2) throw new FieldProblem(`entry ${index + 1} names no database`);
        const first = items.indexOf(item);
        if (first !== index) throw new FieldProblem(`entry ${index + 1} repeats entry ${first + 1}`);
      });
      return items;
    },
  );
}

/** A `redis://` or `rediss://` URL. */
export function redisUrl() {
  return field('a redis:// or rediss:// URL', (raw) => {
    parseUrl(raw.trim(), ['redis:', 'rediss:'], 'the value');
    return raw.trim();
  });
}

/** Comma-separated Kafka brokers as `host:port`. */
export function brokers() {
  return field('comma-separated Kafka brokers as host:port', (raw): readonly string[] => {
    const items = splitList(raw);
    for (const item of items) parseHostPort(item);
    return items;
  });
}

/** A gRPC target: `host:port`, `[::1]:port`, `dns:///host:port`, `ipv4:a.b.c.d:port` or `unix:/path`. */
export function grpcTarget() {
  return field('a gRPC target like host:port, dns:///host:port or unix:/path', (raw) => {
    const text = raw.trim();
    if (/^unix:(\/\/)?\/\S+$/.test(text)) return text;
    const dns = /^dns:\/\/[^/]*\/(.+)$/.exec(text);
    // ipv4:a:p[,b:p…] lists replicas; the client's round_robin spreads calls over them
    const ipv4 = /^ipv4:(.+)$/.exec(text);
    for (const address of ipv4?.[1]?.split(',') ?? [dns?.[1] ?? text]) parseHostPort(address);
    return text;
  });
}

/** An `http://` or `https://` URL (e.g. an OTLP endpoint). */
export function httpUrl() {
  return field('an http:// or https:// URL', (raw) => {
    parseUrl(raw.trim(), ['http:', 'https:'], 'the value');
    return raw.trim();
  });
}

/**
 * A secret (a signing key, a password): at least `minLength` characters. Problems never show the value,
 * only its length.
 */
export function secret(options: { minLength: number; maxLength?: number }) {
  const max = options.maxLength ?? 4096;
  const expected = `a secret of ${options.minLength}-${max} characters`;
  return z
    .string({ error: (issue) => (issue.input === undefined ? `required; expected ${expected}` : expected) })
    .transform((raw, ctx) => {
      if (raw.length < options.minLength || raw.length > max) {
        ctx.addIssue({
          code: 'custom',
          message: `expected ${expected}, got one of ${raw.length} characters`,
        });
        return z.NEVER;
      }
      return raw;
    });
}
