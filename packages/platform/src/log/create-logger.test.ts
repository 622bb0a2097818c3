import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startTelemetry, type Telemetry, withSpan } from '../telemetry/index.js';
import { createLogger } from './create-logger.js';

/** Collects every JSON line a logger writes. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  let telemetry: Telemetry;
  before(() => {
    telemetry = startTelemetry({ serviceName: 'log-test', serviceVersion: '0.0.0', esmHooks: false });
  });
  after(() => telemetry.shutdown());

  it('writes JSON with service.name and a level label', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'users', level: 'info', destination }).info({ userId: 'u1' }, 'signed up');
    const [line] = lines;
    assert.equal(line?.['service.name'], 'users');
    assert.equal(line?.level, 'info');
    assert.equal(line?.msg, 'signed up');
    assert.equal(line?.userId, 'u1');
    assert.equal(line?.trace_id, undefined, 'no span, no trace id');
  });

  it('censors passwords, tokens and card data at any of three levels', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'payments', level: 'info', destination });
    logger.info(
      {
        password: 'hunter2',
        card: { number: '4242424242424242', cvc: '123', last4: '4242' },
        req: { headers: { authorization: 'Bearer abc.def.ghi' } },
        cardNumber: '5555555555554444',
        secret: 's3cr3t',
      },
      'tokenizing',
    );
    const text = JSON.stringify(lines);
    for (const leaked of [
      'hunter2',
      '4242424242424242',
      '"123"',
      'abc.def.ghi',
      '5555555555554444',
      's3cr3t',
    ]) {
      assert.ok(!text.includes(leaked), `${leaked} leaked: ${text}`);
    }
    const line = lines[0] as { password: string; card: { cvc: string; last4: string } };
    assert.equal(line.password, '[REDACTED]');
    assert.equal(line.card.cvc, '[REDACTED]');
    assert.equal(line.card.last4, '4242', 'non-secret siblings survive');
  });

  it('adds trace_id and span_id inside an active span', async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'orders', level: 'debug', destination });
    const ids = await withSpan('place-order', {}, (span) => {
      logger.debug('placing');
      return span.spanContext();
    });
    assert.equal(lines[0]?.trace_id, ids.traceId);
    assert.equal(lines[0]?.span_id, ids.spanId);
    assert.equal(lines[0]?.trace_flags, '00', 'not exporting: the span is not sampled, its ids are real');
  });

  it('respects the level', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'x', level: 'warn', destination }).info('hidden');
    assert.equal(lines.length, 0);
  });
});
