import { parseArgs } from 'node:util';

/** Usage text of `orrery-infra`. */
export const USAGE = `usage:
  orrery-infra up [--test] [--shards N] [--data-dir DIR]   start Postgres shards, Redis, Kafka, Prometheus; Ctrl-C stops
  orrery-infra down [--test] [--data-dir DIR]              stop a set left running (from its pid files)
  orrery-infra status [--test] [--data-dir DIR]            show what is running
options:
  --test          test ports (25432…, 26379, 29092/29093, 29090) and data dir .local/test-infra
  --shards N      number of Postgres shard clusters, 1..16 (default 2)
  --data-dir DIR  where data, logs and pid files live (default <repo>/.local/infra)`;

/** A parsed command line. */
export type CliCommand =
  | { command: 'up'; test: boolean; shards: number; dataDir: string | undefined }
  | { command: 'down' | 'status'; test: boolean; dataDir: string | undefined }
  | { command: 'help' };

/** Bad command line: the CLI prints the message and usage, then exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `orrery-infra` arguments (without node and script); throws UsageError on bad input. */
export function parseCliArgs(argv: string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('missing command (up, down or status)');
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (command !== 'up' && command !== 'down' && command !== 'status') {
    throw new UsageError(`unknown command ${JSON.stringify(command)} (expected up, down or status)`);
  }
  if (values['data-dir'] === '') throw new UsageError('--data-dir needs a directory');
  const dataDir = values['data-dir'];
  const test = values.test ?? false;
  if (command !== 'up') {
    if (values.shards !== undefined) throw new UsageError(`--shards only applies to up`);
    return { command, test, dataDir };
  }
  const shardsText = values.shards ?? '2';
  if (!/^\d+$/.test(shardsText) || Number(shardsText) < 1 || Number(shardsText) > 16) {
    throw new UsageError(`--shards must be an integer from 1 to 16, got ${JSON.stringify(shardsText)}`);
  }
  return { command, test, shards: Number(shardsText), dataDir };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      test: { type: 'boolean' },
      shards: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
