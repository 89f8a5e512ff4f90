/**
 * Memory of this process's Chromium (every process it started: browser, renderers, GPU,
 * utilities), sampled from /proc: the sum of PSS (shared pages counted once, shared out among
 * the processes) and of RSS (shared pages counted in every process). Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySample {
  at: number;
  pssMB: number;
  rssMB: number;
  processes: number;
}

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

function readKB(pid: number): { pss: number; rss: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { pss: kb('Pss'), rss: kb('Rss') };
  } catch {
    return null;
  }
}

/** Samples every `everyMs` until stopped; the process list is refreshed every second. */
export function sampleChromiumMemory(everyMs = 200) {
  const samples: MemorySample[] = [];
  let pids: number[] = [];
  let listed = 0;
  const tick = () => {
    const now = Date.now();
    if (now - listed > 1000) {
      pids = chromiumProcesses(process.pid);
      listed = now;
    }
    let pss = 0;
    let rss = 0;
    let n = 0;
    for (const pid of pids) {
      const m = readKB(pid);
      if (!m) continue;
      pss += m.pss;
      rss += m.rss;
      n++;
    }
    if (n) samples.push({ at: now, pssMB: pss / 1024, rssMB: rss / 1024, processes: n });
  };
  const timer = setInterval(tick, everyMs);
  return {
    samples,
    stop: () => clearInterval(timer),
    /** The highest sums between two instants (epoch ms). */
    peak(from = 0, to = Infinity) {
      const within = samples.filter((s) => s.at >= from && s.at <= to);
      return {
        pssMB: Math.max(0, ...within.map((s) => s.pssMB)),
        rssMB: Math.max(0, ...within.map((s) => s.rssMB)),
        samples: within.length,
      };
    },
  };
}
