// proto/ must pass `buf lint` (STANDARD rules; grpc/** excluded, see proto/buf.yaml).
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/repo-root.js';
import { buf } from './repo.js';

describe('contracts: buf lint', () => {
  it('finds nothing in proto/', async () => {
    const run = await buf(['lint', 'proto']);
    assert.equal(run.code, 0, `buf lint findings:\n${run.stdout}${run.stderr}`);
  });

  it('applies the STANDARD rules to orrery protos (a badly named one fails)', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'orrery-lint-'));
    try {
      await cp(join(repoRoot, 'proto', 'buf.yaml'), join(scratch, 'buf.yaml'));
      await mkdir(join(scratch, 'orrery', 'bad', 'v1'), { recursive: true });
      await writeFile(
        join(scratch, 'orrery', 'bad', 'v1', 'bad.proto'),
        'syntax = "proto3";\npackage orrery.bad.v1;\nenum Colour { RED = 0; }\nservice Paint { rpc Go(Colour2) returns (Colour2); }\nmessage Colour2 {}\n',
      );
      const run = await buf(['lint', '--error-format', 'json'], scratch);
      assert.notEqual(run.code, 0, 'buf lint accepted a proto that breaks the STANDARD rules');
      assert.match(run.stdout, /ENUM_ZERO_VALUE_SUFFIX|ENUM_VALUE_PREFIX/);
      assert.match(run.stdout, /SERVICE_SUFFIX/);
      assert.match(run.stdout, /RPC_REQUEST_STANDARD_NAME/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
