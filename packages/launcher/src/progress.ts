/** Formats a duration in seconds with one decimal, e.g. `8.4 s`. */
export function seconds(sinceMs: number, nowMs = performance.now()): string {
  return `${((nowMs - sinceMs) / 1000).toFixed(1)} s`;
}

/** Progress line writer with the `[infra]` prefix. */
export type Progress = (line: string) => void;

/** Wraps a raw line sink so every line carries the `[infra]` prefix. */
export function progress(sink: (line: string) => void): Progress {
  return (line) => sink(`[infra] ${line}`);
}
