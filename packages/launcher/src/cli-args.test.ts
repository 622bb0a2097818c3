import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArgs, UsageError } from './cli-args.js';

test('up with defaults and with every flag', () => {
  assert.deepEqual(parseCliArgs(['up']), { command: 'up', test: false, shards: 2, dataDir: undefined });
  assert.deepEqual(parseCliArgs(['up', '--test', '--shards', '4', '--data-dir', '/d']), {
    command: 'up',
    test: true,
    shards: 4,
    dataDir: '/d',
  });
  assert.deepEqual(parseCliArgs(['up', '--shards=1']), {
    command: 'up',
    test: false,
    shards: 1,
    dataDir: undefined,
  });
});

test('down and status', () => {
  assert.deepEqual(parseCliArgs(['down', '--data-dir', 'x']), { command: 'down', test: false, dataDir: 'x' });
  assert.deepEqual(parseCliArgs(['status', '--test']), { command: 'status', test: true, dataDir: undefined });
  assert.deepEqual(parseCliArgs(['--help']), { command: 'help' });
});

test('bad command lines are UsageErrors that say what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [[], /missing command/],
    [['start'], /unknown command "start"/],
    [['up', 'now'], /unexpected argument "now"/],
    [['up', '--shards', '0'], /--shards must be an integer from 1 to 16, got "0"/],
    [['up', '--shards', '17'], /--shards must be an integer from 1 to 16/],
    [['up', '--shards', '2.5'], /--shards must be an integer/],
    [['up', '--verbose'], /Unknown option '--verbose'/],
    [['up', '--data-dir'], /--data-dir/],
    [['down', '--shards', '2'], /--shards only applies to up/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseCliArgs(argv),
      (error: Error) => error instanceof UsageError && message.test(error.message),
      argv.join(' '),
    );
  }
});
