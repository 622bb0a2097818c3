// Running the repository's locally installed buf.
import { join } from 'node:path';
import { repoRoot } from '../support/repo-root.js';
import { type CommandResult, runCommand } from '../support/run-command.js';

/** Runs the repository's pinned buf (node_modules/.bin/buf) with `args` in `cwd` (default: the root). */
export function buf(args: readonly string[], cwd = repoRoot): Promise<CommandResult> {
  return runCommand(join(repoRoot, 'node_modules', '.bin', 'buf'), args, { cwd, timeoutMs: 120_000 });
}
