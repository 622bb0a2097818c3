// The repository root, for tests that read its files or run its tools (this file runs from
// tests/dist/support/).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
