import { describe, expect, it } from 'vitest';
import type { Spec } from '../api/types';
import { debug, manual, script } from '../testdata/specs';
import { groupByCategory } from './catalog';

describe('groupByCategory', () => {
  it('orders triggers, transforms, actions, then other categories', () => {
    const other = { ...debug, type: 'x.other', category: 'zzz' } as unknown as Spec;
    const groups = groupByCategory([other, debug, script, manual]);
    expect(groups.map((g) => g.category)).toEqual(['trigger', 'transform', 'action', 'zzz']);
    expect(groups[2].specs.map((s) => s.type)).toEqual(['core.debug']);
  });
});
