import { execFile } from 'node:child_process';
import { chown } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** How Postgres programs are run: directly, or (as root) as the unprivileged `postgres` user. */
export interface PgRunner {
  /** Set when we are root and drop to this user. */
  user: { name: string; uid: number; gid: number } | undefined;
  /** Wraps a command so it runs as the Postgres user (exec, no extra process). */
  wrap(command: string, args: string[]): [string, string[]];
  /** Gives a file or directory to the Postgres user (no-op when not root). */
  own(path: string): Promise<void>;
  /** Can the Postgres user traverse into `dir`? */
  canReach(dir: string): Promise<boolean>;
}

/** Parses an /etc/passwd line into name, uid, gid. */
export function parsePasswdLine(line: string): { name: string; uid: number; gid: number } | undefined {
  const [name, , uid, gid] = line.trim().split(':');
  if (!name || uid === undefined || gid === undefined || !/^\d+$/.test(uid) || !/^\d+$/.test(gid))
    return undefined;
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** Postgres refuses to run as root: as root, returns a runner that drops to `postgres` via setpriv. */
export async function pgRunner(): Promise<PgRunner> {
  if (process.getuid?.() !== 0) {
    return { user: undefined, wrap: (c, a) => [c, a], own: async () => {}, canReach: async () => true };
  }
  const entry = await execFileAsync('getent', ['passwd', 'postgres'], { timeout: 5000 }).then(
    (r) => r.stdout,
    () => '',
  );
  const user = parsePasswdLine(entry);
  if (!user || user.uid === 0) {
    throw new Error(
      'postgres: running as root, but Postgres refuses to run as root and there is no unprivileged "postgres" user. ' +
        'Fix: install the Debian package postgresql (it creates the user), `useradd --system postgres`, or run as a normal user.',
    );
  }
  const wrap = (command: string, args: string[]): [string, string[]] => [
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', command, ...args],
  ];
  return {
    user,
    wrap,
    own: (path) => chown(path, user.uid, user.gid),
    canReach: async (dir) => {
      const [command, args] = wrap('test', ['-x', dir]);
      return execFileAsync(command, args, { timeout: 5000 }).then(
        () => true,
        () => false,
      );
    },
  };
}
