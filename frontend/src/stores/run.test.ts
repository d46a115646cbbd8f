import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../api/types';
import { initialRun, reduceRun, type RunAction, type RunState } from './run';

const rec = (id: string, status: RunRecord['status'], out = 0): RunRecord => ({
  id,
  flowId: 'f1',
  status,
  startedAt: 1,
  endedAt: status === 'running' ? 0 : 2,
  nodes: { n1: { type: 'core.manual', status: 'done', in: 0, out, errors: 0, durationMs: 1, received: [], emitted: [] } },
});

const fold = (actions: RunAction[], from: RunState = initialRun) => actions.reduce(reduceRun, from);

describe('reduceRun', () => {
  it('follows a run from start to end', () => {
    const s = fold([
      { type: 'starting' },
      { type: 'started', runId: 'r1' },
      { type: 'record', record: rec('r1', 'running', 1) },
      { type: 'record', record: rec('r1', 'succeeded', 2) },
    ]);
    expect(s.runId).toBe('r1');
    expect(s.starting).toBe(false);
    expect(s.record?.status).toBe('succeeded');
    expect(s.record?.nodes?.n1.out).toBe(2);
  });

  it('ignores records of other runs', () => {
    const s = fold([{ type: 'started', runId: 'r1' }, { type: 'record', record: rec('r2', 'running') }]);
    expect(s.record).toBeNull();
  });

  it('never lets a stale running record replace a final one', () => {
    const s = fold([
      { type: 'started', runId: 'r1' },
      { type: 'record', record: rec('r1', 'failed') },
      { type: 'record', record: rec('r1', 'running') },
    ]);
    expect(s.record?.status).toBe('failed');
  });

  it('resets on a new start and keeps a refusal message', () => {
    const before = fold([{ type: 'started', runId: 'r1' }, { type: 'record', record: rec('r1', 'succeeded') }]);
    const s = fold([{ type: 'starting' }, { type: 'failed', error: 'node "n2" field "code": required' }], before);
    expect(s).toEqual({ runId: null, record: null, starting: false, error: 'node "n2" field "code": required' });
    expect(reduceRun(s, { type: 'clear' })).toEqual(initialRun);
  });
});
