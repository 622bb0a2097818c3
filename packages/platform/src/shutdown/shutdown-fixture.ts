/**
 * Test fixture (not exported): a tiny process with one piece of in-flight work of WORK_MS, shut down
 * through `installShutdown` with GRACE_MS. Prints plain lines on stdout for the test to follow.
 */
import { pino } from 'pino';
import { installShutdown } from './install-shutdown.js';

const workMs = Number(process.env.WORK_MS ?? '100');
const graceMs = Number(process.env.GRACE_MS ?? '2000');
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

let accepting = true;
const inFlight = new Promise<void>((resolve) =>
  setTimeout(() => {
    say('work finished');
    resolve();
  }, workMs),
);

installShutdown({
  logger: pino({ level: 'silent' }),
  graceMs,
  steps: [
    {
      name: 'stop accepting',
      run: () => {
        accepting = false;
      },
    },
    { name: 'drain in-flight', run: () => inFlight },
    { name: 'close pools', run: () => say(`pools closed (accepting=${accepting})`) },
  ],
});
process.on('exit', (code) => say(`exit ${code}`));
say('ready');
// keep the event loop alive like a server would
setInterval(() => {}, 1000);
