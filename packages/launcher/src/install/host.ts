import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { HostFacts } from './install-plan.js';
import { findExecutable } from './tools.js';

const execFileAsync = promisify(execFile);

/** True when os-release text names Debian or a derivative. */
export function isDebianLike(osRelease: string): boolean {
  const field = (name: string) =>
    new RegExp(`^${name}=["']?([^"'\\n]*)`, 'm').exec(osRelease)?.[1]?.toLowerCase() ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  return ids.includes('debian') || ids.includes('ubuntu');
}

/** Looks at the machine: distribution, apt-get, root or passwordless sudo. */
export async function detectHost(): Promise<HostFacts> {
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const aptGet = (await findExecutable('apt-get')) !== undefined;
  let privilege: HostFacts['privilege'] = 'none';
  if (process.getuid?.() === 0) {
    privilege = 'root';
  } else if (await findExecutable('sudo')) {
    privilege = await execFileAsync('sudo', ['-n', 'true'], { timeout: 5000 }).then(
      () => 'sudo' as const,
      () => 'none' as const,
    );
  }
  return { debianLike: isDebianLike(osRelease), aptGet, privilege };
}
