import { runCommand } from '../proc/run.js';
import { type Progress, seconds } from '../progress.js';

/** Runs the apt commands of a plan (update + install), logging to `logFile`; bounded to 15 min each. */
export async function runAptPlan(commands: string[][], logFile: string, log: Progress): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const [command, ...args] of commands) {
    if (!command) continue;
    const started = performance.now();
    const shown = [command, ...args].join(' ');
    log(`installing: ${shown} (output in ${logFile})`);
    try {
      await runCommand(command, args, { logFile, timeoutMs: 15 * 60_000, env });
    } catch (error) {
      throw new Error(
        `installation failed: ${(error as Error).message}\nFix the problem above (full output in ${logFile}) or install the packages by hand.`,
      );
    }
    log(`done: ${shown} (${seconds(started)})`);
  }
}
