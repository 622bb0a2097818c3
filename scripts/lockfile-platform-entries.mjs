// Adds the lockfile entries npm could not record here: the other-platform binaries of optional
// dependencies (biome's and buf's darwin/win32/musl/arm builds), which this machine's registry does not
// serve. Without them `npm ci` refuses the lockfile ("Missing: … from lock file") on every machine.
// npm skips each entry by its os/cpu/libc, so installs here stay the same. Run after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/prepare.mjs';

const file = join(repoRoot, 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const OS = { darwin: 'darwin', win32: 'win32', linux: 'linux', android: 'android' };
const CPU = { arm64: 'arm64', x64: 'x64', armv7: 'arm', arm: 'arm', ia32: 'ia32' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => part in OS);
  const cpu = parts.find((part) => part in CPU);
  if (!os || !cpu) return undefined;
  return { os: [OS[os]], cpu: [CPU[cpu]], ...(parts.includes('musl') ? { libc: ['musl'] } : {}) };
}

const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const platform = platformOf(name);
    if (!platform)
      throw new Error(`${path}: optional ${name} is missing and its platform cannot be read from its name`);
    lock.packages[key] = { version: range, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added.push(`${name}@${range}`);
  }
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(added.length ? `added ${added.length} entries: ${added.join(', ')}` : 'nothing to add');
