// Run history: filters and the time buckets the charts draw.
import type { RunInfo, RunStatus } from '../api/types';

export interface Bucket {
  /** Start of the bucket, Unix milliseconds. */
  t: number;
  label: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  running: number;
  messages: number;
  errors: number;
}

export type Range = 'hour' | 'day' | 'week' | 'all';

const HOUR = 3600_000;
export const RANGES: Record<Range, { label: string; ms: number }> = {
  hour: { label: 'Last hour', ms: HOUR },
  day: { label: 'Last 24 hours', ms: 24 * HOUR },
  week: { label: 'Last 7 days', ms: 7 * 24 * HOUR },
  all: { label: 'All time', ms: 0 },
};

/** rangeStart is the first millisecond a range keeps at now (0: no bound). */
export const rangeStart = (r: Range, now: number): number => (RANGES[r].ms ? now - RANGES[r].ms : 0);

/**
 * bucketRuns counts runs, messages and errors in count equal time buckets
 * from `from` to `to` (from the oldest run when from is 0). Runs outside
 * the span are left out.
 */
export function bucketRuns(runs: RunInfo[], from: number, to: number, count = 12): Bucket[] {
  if (runs.length === 0 && from === 0) return [];
  const start = from || Math.min(...runs.map((r) => r.startedAt));
  const span = Math.max(to - start, 1);
  const size = Math.ceil(span / count);
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => {
    const t = start + i * size;
    return { t, label: bucketLabel(t, span), succeeded: 0, failed: 0, cancelled: 0, running: 0, messages: 0, errors: 0 };
  });
  for (const r of runs) {
    if (r.startedAt < start || r.startedAt > to) continue;
    const b = buckets[Math.min(Math.floor((r.startedAt - start) / size), count - 1)];
    b[r.status as RunStatus] += 1;
    b.messages += r.messages ?? 0;
    b.errors += r.errors ?? 0;
  }
  return buckets;
}

function bucketLabel(t: number, span: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (span <= 24 * HOUR) return span <= 5 * 60_000 ? `${time}:${pad(d.getSeconds())}` : time;
  return `${d.getMonth() + 1}/${d.getDate()} ${time}`;
}
