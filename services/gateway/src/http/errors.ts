// Every error a request can end in, as the problem the caller sees (and headers to add). Upstream gRPC
// statuses are mapped in problem.ts; this adds Fastify's own errors and the resilience policies'.
import { RpcError } from '@orrery/platform/grpc';
import { BrokenCircuitError, BulkheadRejectedError } from 'cockatiel';
import type { FastifyError } from 'fastify';
import { HttpProblem, type Problem, problem, problemForRpcError } from './problem.js';

export interface ProblemAnswer {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
}

const FASTIFY_CODES: Record<string, { slug: string; title: string; status: number }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    slug: 'unsupported-media-type',
    title: 'Unsupported media type',
    status: 415,
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'body-too-large', title: 'Request body too large', status: 413 },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    slug: 'bad-content-length',
    title: 'Bad Content-Length',
    status: 400,
  },
};

interface ValidationIssue {
  instancePath?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

/** The field a schema violation is about: `/email`, `/password`, `id`. */
function fieldOf(issue: ValidationIssue | undefined): string | undefined {
  if (!issue) return undefined;
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  const path = issue.instancePath ?? '';
  return extra === undefined ? path || undefined : `${path}/${extra}`;
}

export function answerFor(error: unknown, retryAfterSeconds: number): ProblemAnswer {
  if (error instanceof HttpProblem) return { problem: error.problem, headers: error.headers };
  if (error instanceof RpcError) return { problem: problemForRpcError(error), headers: {} };
  if (error instanceof BrokenCircuitError) {
    return {
      problem: problem('upstream-circuit-open', 'Upstream unavailable', 503, 'the circuit breaker is open'),
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  }
  if (error instanceof BulkheadRejectedError) {
    return {
      problem: problem('upstream-busy', 'Upstream busy', 503, 'too many concurrent calls to an upstream'),
      headers: { 'retry-after': '1' },
    };
  }
  const fastify = error as Partial<FastifyError>;
  if (fastify.validation) {
    const field = fieldOf(fastify.validation[0] as ValidationIssue | undefined);
    const detail = `${fastify.validationContext ?? 'request'}: ${fastify.message ?? 'invalid'}`;
    const answer = problem('invalid-argument', 'Invalid request', 400, detail);
    return { problem: field === undefined ? answer : { ...answer, field }, headers: {} };
  }
  const known = fastify.code === undefined ? undefined : FASTIFY_CODES[fastify.code];
  if (known) return { problem: problem(known.slug, known.title, known.status, fastify.message), headers: {} };
  const status = fastify.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { problem: problem('bad-request', 'Bad request', status, fastify.message), headers: {} };
  }
  return { problem: problem('internal', 'Internal error', 500), headers: {} };
}
