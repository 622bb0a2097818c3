// Load generators. Closed loop (`drive`): `concurrency` workers each send the next request as soon as
// the last one answered, for `durationMs` after a warm-up — finds the maximum rate. Open loop
// (`driveAtRate`): requests start at a fixed rate whatever the answers do — measures latency at a load.
import http from 'node:http';
import grpc from '@grpc/grpc-js';

export function summarize(latencies, elapsedMs, errors) {
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    rps: (latencies.length / elapsedMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
  };
}

async function drive(send, { concurrency, durationMs, warmupMs, onMeasureStart, onMeasureEnd }) {
  let recording = false;
  let stop = false;
  let errors = 0;
  let firstError;
  const latencies = [];
  const worker = async () => {
    while (!stop) {
      const started = performance.now();
      try {
        await send();
        if (recording) latencies.push(performance.now() - started);
      } catch (error) {
        if (recording) errors++;
        firstError ??= error;
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  onMeasureStart?.();
  recording = true;
  const began = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  recording = false;
  const elapsed = performance.now() - began;
  onMeasureEnd?.();
  stop = true;
  await Promise.all(workers);
  return { ...summarize(latencies, elapsed, errors), firstError: firstError?.message };
}

/** Starts `send()` `rate` times per second for `durationMs`; resolves when every call has settled. */
export async function driveAtRate(send, { rate, durationMs }) {
  const calls = [];
  const began = performance.now();
  const total = Math.round((rate * durationMs) / 1000);
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    calls.push(
      send().then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, error }),
      ),
    );
  }
  return Promise.all(calls);
}

/** One HTTP request with keep-alive; resolves with the parsed JSON body, rejects unless `expect`. */
export function httpJson(agent, url, { method = 'GET', headers = {}, body, expect = 200, raw = false } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== expect) {
            reject(new Error(`${method} ${url} answered ${response.statusCode}: ${text.slice(0, 200)}`));
          } else resolve(raw || text === '' ? text : JSON.parse(text));
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Closed-loop HTTP load: `request(agent)` sends one request and resolves when it succeeded. */
export function httpLoad(request, options) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  return drive(() => request(agent), options).finally(() => agent.destroy());
}

/** Unary calls of `/bench.Echo/Echo` with a small payload, raw bytes both ways. */
export function grpcEchoLoad(target, options) {
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  const payload = Buffer.from('{"id":"0b6f7a4e-6f35-4a51-9d59-7d0d1c0b0a11"}');
  const send = () =>
    new Promise((resolve, reject) => {
      client.makeUnaryRequest(
        '/bench.Echo/Echo',
        (b) => b,
        (b) => b,
        payload,
        (error) => (error ? reject(error) : resolve()),
      );
    });
  return drive(send, options).finally(() => client.close());
}
