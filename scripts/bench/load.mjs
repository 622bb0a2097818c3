// Closed-loop load generators: `concurrency` workers each send the next request as soon as the last
// one answered, for `durationMs` after a warm-up. Latencies are recorded per request.
import http from 'node:http';
import grpc from '@grpc/grpc-js';

function summarize(latencies, elapsedMs, errors) {
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

async function drive(send, { concurrency, durationMs, warmupMs }) {
  let recording = false;
  let stop = false;
  let errors = 0;
  const latencies = [];
  const worker = async () => {
    while (!stop) {
      const started = performance.now();
      try {
        await send();
        if (recording) latencies.push(performance.now() - started);
      } catch {
        if (recording) errors++;
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  recording = true;
  const began = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  recording = false;
  const elapsed = performance.now() - began;
  stop = true;
  await Promise.all(workers);
  return summarize(latencies, elapsed, errors);
}

/** GET `url` with keep-alive, expecting 200. */
export function httpGetLoad(url, headers, options) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const send = () =>
    new Promise((resolve, reject) => {
      const request = http.get(url, { agent, headers }, (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`${response.statusCode}`)),
        );
      });
      request.on('error', reject);
    });
  return drive(send, options).finally(() => agent.destroy());
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
