// Token-bucket rules as configured: `20/1s:40` = refill 20 tokens per second, hold at most 40 (the
// burst); without `:burst` the bucket holds one window's worth (`5/10s` = 5 per 10 s, burst 5).
// A tier may stack rules with commas (`5/10s,30/1m`): a request must pass every one.
import { FieldProblem, field } from '@orrery/platform/config';

export interface BucketRule {
  /** Tokens added per `periodMs`. */
  readonly tokens: number;
  readonly periodMs: number;
  /** Bucket capacity: the burst allowed after a quiet period. */
  readonly burst: number;
  /** As written, e.g. `20/1s:40`; the RateLimit-Policy header shows it. */
  readonly text: string;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const RULE = /^(\d{1,6})\/(\d{1,6})(ms|s|m|h)(?::(\d{1,6}))?$/;

export function parseRule(text: string): BucketRule {
  const match = RULE.exec(text.trim());
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new FieldProblem(`"${text.trim()}" is not like 20/1s or 20/1s:40`);
  }
  const tokens = Number(match[1]);
  const periodMs = Number(match[2]) * (UNIT_MS[match[3]] ?? 1);
  const burst = match[4] === undefined ? tokens : Number(match[4]);
  if (tokens < 1 || periodMs < 1) throw new FieldProblem(`"${text.trim()}": tokens and period must be ≥ 1`);
  if (burst < 1) throw new FieldProblem(`"${text.trim()}": burst must be ≥ 1`);
  return { tokens, periodMs, burst, text: text.trim() };
}

/** One to four comma-separated rules. */
export function parseRules(text: string): readonly BucketRule[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length > 4 || parts.some((part) => part === '')) {
    throw new FieldProblem('1 to 4 comma-separated rules');
  }
  return parts.map(parseRule);
}

/** A config field holding `parseRules` text. */
export function bucketRules() {
  return field('token-bucket rules like 20/1s:40 or 5/10s,30/1m', parseRules);
}
