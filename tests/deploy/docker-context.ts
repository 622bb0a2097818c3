// The Docker build context a fresh clone would send: tracked files minus .dockerignore.
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface Rule {
  readonly negate: boolean;
  readonly pattern: RegExp;
}

/** Compiles .dockerignore lines (Go filepath.Match syntax plus `**`, `!` exceptions). */
export function parseDockerignore(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const glob = (negate ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      let source = '';
      for (let i = 0; i < glob.length; i++) {
        const char = glob.charAt(i);
        if (glob.startsWith('**/', i)) {
          source += '(?:.*/)?';
          i += 2;
        } else if (glob.startsWith('**', i)) {
          source += '.*';
          i += 1;
        } else if (char === '*') source += '[^/]*';
        else if (char === '?') source += '[^/]';
        else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      // A matching directory excludes everything below it.
      return { negate, pattern: new RegExp(`^${source}(?:/.*)?$`) };
    });
}

/** Whether a context-relative path is excluded (the last matching rule wins). */
export function isIgnored(rules: readonly Rule[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(path)) ignored = !rule.negate;
  return ignored;
}

/** Copies the tracked, non-ignored files of repo into dest; returns the copied paths. */
export async function prepareContext(repo: string, dest: string): Promise<string[]> {
  const rules = parseDockerignore(await readFile(join(repo, '.dockerignore'), 'utf8'));
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
  const files = stdout.split('\0').filter((path) => path !== '' && !isIgnored(rules, path));
  for (const path of files) {
    await mkdir(dirname(join(dest, path)), { recursive: true });
    await cp(join(repo, path), join(dest, path), { verbatimSymlinks: true });
  }
  return files;
}
