// Prometheus's promtool (the Debian package `prometheus`), for the rule and dashboard checks.
import { runCommand } from '../support/run-command.js';

/** `promtool <args>`: its exit code and stdout + stderr; a missing promtool says how to install it. */
export async function promtool(args: readonly string[]): Promise<{ code: number; output: string }> {
  const result = await runCommand('promtool', args).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new Error('promtool not found: install the Debian package `prometheus`');
    throw error;
  });
  return { code: result.code, output: result.stdout + result.stderr };
}
