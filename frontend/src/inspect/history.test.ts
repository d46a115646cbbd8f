import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../api/types';
import { bucketRuns, rangeStart } from './history';

const run = (startedAt: number, status: RunInfo['status'], messages = 0, errors = 0): RunInfo => ({
  id: `r${startedAt}`, flowId: 'f', status, startedAt, endedAt: startedAt + 1, messages, errors,
});

describe('bucketRuns', () => {
  it('counts runs by status, messages and errors per bucket', () => {
    const runs = [run(10, 'succeeded', 3), run(15, 'failed', 1, 1), run(60, 'succeeded', 2), run(99, 'cancelled'), run(110, 'failed', 0, 4)];
    const b = bucketRuns(runs, 10, 110, 4);
    expect(b).toHaveLength(4);
    expect(b.map((x) => [x.succeeded, x.failed, x.cancelled])).toEqual([[1, 1, 0], [0, 0, 0], [1, 0, 0], [0, 1, 1]]);
    expect(b.map((x) => x.messages)).toEqual([4, 0, 2, 0]);
    expect(b.map((x) => x.errors)).toEqual([1, 0, 0, 4]);
  });
  it('starts at the oldest run when the range is open, and leaves out runs outside', () => {
    const b = bucketRuns([run(1000, 'succeeded', 1), run(2000, 'succeeded', 1), run(5000, 'failed')], 0, 2000, 2);
    expect(b[0].t).toBe(1000);
    expect(b.reduce((n, x) => n + x.succeeded + x.failed, 0)).toBe(2);
  });
  it('gives no buckets for no runs and no range', () => {
    expect(bucketRuns([], 0, 1000)).toEqual([]);
    expect(bucketRuns([], 500, 1000, 3)).toHaveLength(3);
  });
  it('tolerates records without counts', () => {
    const r = { ...run(10, 'succeeded'), messages: undefined, errors: undefined } as unknown as RunInfo;
    expect(bucketRuns([r], 0, 20, 1)[0]).toMatchObject({ succeeded: 1, messages: 0, errors: 0 });
  });
});

describe('rangeStart', () => {
  it('goes back the range from now, or 0 for all time', () => {
    expect(rangeStart('hour', 10_000_000)).toBe(10_000_000 - 3_600_000);
    expect(rangeStart('all', 10_000_000)).toBe(0);
  });
});
