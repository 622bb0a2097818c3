import { setTimeout as sleep } from 'node:timers/promises';

/** True while a process with this pid exists (any owner). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal, ignoring a process that is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Stops a process that is not our child: `stopSignal`, then SIGKILL after `graceMs`.
 * Resolves once the pid is gone (bounded: SIGKILL + 5 s).
 */
export async function stopPid(pid: number, stopSignal: NodeJS.Signals, graceMs: number): Promise<void> {
  signal(pid, stopSignal);
  if (await gone(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  if (!(await gone(pid, 5000))) throw new Error(`process ${pid} survived SIGKILL`);
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}
