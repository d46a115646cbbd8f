import { describe, expect, it } from 'vitest';
import type { Progress } from '../api/types';
import { newTask, percent, reduceProgress } from './progress';

const p = (task: string, done: number, total: number, state: Progress['state'] = 'running'): Progress => ({ task, label: 'export', done, total, state });

describe('progress', () => {
  it('keeps the latest progress of running tasks and forgets ended ones', () => {
    let tasks = reduceProgress({}, p('a', 0, 3));
    tasks = reduceProgress(tasks, p('b', 1, 2));
    tasks = reduceProgress(tasks, p('a', 2, 3));
    expect(tasks.a.done).toBe(2);
    tasks = reduceProgress(tasks, p('a', 0, 0, 'cancelled'));
    expect(Object.keys(tasks)).toEqual(['b']);
  });
  it('gives a percentage when the total is known', () => {
    expect(percent(p('a', 1, 3))).toBe(33);
    expect(percent(p('a', 0, 0))).toBeNull();
  });
  it('names every task differently', () => {
    expect(newTask('export')).not.toBe(newTask('export'));
  });
});
