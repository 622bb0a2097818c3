// CPU time and memory of processes, read from /proc: how much work one request costs each process,
// which stays meaningful on a noisy machine where req/s does not.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size in MiB (0 when the process is gone). */
export function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Starts counting CPU of `pids` (name → pid) and of this process (`loader`); `stop()` returns the CPU
 * seconds each used in between.
 */
export function cpuMeter(pids) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const self = process.cpuUsage();
  return {
    stop() {
      const used = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - (before[name] ?? 0)]),
      );
      const { user, system } = process.cpuUsage(self);
      used.loader = (user + system) / 1e6;
      return used;
    },
  };
}

/**
 * Runs `load(hooks)` while counting the CPU of `pids`: `hooks.onMeasureStart`/`onMeasureEnd` bracket
 * the measured part; resolves with the load's result plus `cpu` (seconds per process, see `cpuMeter`).
 */
export async function metered(pids, load) {
  let meter;
  let cpu;
  const result = await load({
    onMeasureStart: () => {
      meter = cpuMeter(pids);
    },
    onMeasureEnd: () => {
      cpu = meter.stop();
    },
  });
  return { ...result, cpu };
}
