/**
 * Memory of this process's Chromium (every process it started: browser, renderers, GPU,
 * utilities), read from /proc. Every 250 ms the sum of RSS (statm: cheap; shared pages count in
 * every process); every 2 s the sum of PSS (smaps_rollup: shared pages shared out, but costly to
 * read for a large process, so not more often); and on demand the sum of each process's RSS
 * high-water mark (VmHWM, kept by the kernel, so no peak between samples is missed). Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySample {
  at: number;
  rssMB: number;
  /** Present every 2 s. */
  pssMB?: number;
}

const PAGE_KB = 4;

/** Processes descending from `root` whose command name looks like Chromium's. */
function chromiumProcesses(root: number): number[] {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // comm is in parentheses and may hold spaces; the fields after it are space-separated.
      const close = stat.lastIndexOf(')');
      comm.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // The process ended while we read.
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => /chrom/i.test(comm.get(pid) ?? '') && below(pid));
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};
const kB = (text: string | null, key: string) =>
  Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text ?? '')?.[1] ?? 0);

export function sampleChromiumMemory() {
  const samples: MemorySample[] = [];
  let pids: number[] = [];
  let listed = 0;
  let pssAt = 0;
  const tick = () => {
    const now = Date.now();
    if (now - listed > 1000) [pids, listed] = [chromiumProcesses(process.pid), now];
    let rss = 0;
    for (const pid of pids) rss += Number(read(`/proc/${pid}/statm`)?.split(' ')[1] ?? 0) * PAGE_KB;
    const sample: MemorySample = { at: now, rssMB: rss / 1024 };
    if (now - pssAt >= 2000) {
      pssAt = now;
      sample.pssMB =
        pids.reduce((n, pid) => n + kB(read(`/proc/${pid}/smaps_rollup`), 'Pss'), 0) / 1024;
    }
    if (pids.length) samples.push(sample);
  };
  const timer = setInterval(tick, 250);
  return {
    samples,
    stop: () => clearInterval(timer),
    /** The highest sums between two instants (epoch ms). */
    peak(from = 0, to = Infinity) {
      const within = samples.filter((s) => s.at >= from && s.at <= to);
      return {
        rssMB: Math.max(0, ...within.map((s) => s.rssMB)),
        pssMB: Math.max(0, ...within.map((s) => s.pssMB ?? 0)),
      };
    },
    /** The sum of the processes' own peak RSS so far (a renderer's is its page's alone). */
    highWaterMB() {
      const now = chromiumProcesses(process.pid);
      return now.reduce((n, pid) => n + kB(read(`/proc/${pid}/status`), 'VmHWM'), 0) / 1024;
    },
  };
}
