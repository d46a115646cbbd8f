import { describe, expect, it } from 'vitest';
import { iconName } from './icons';

describe('iconName', () => {
  it.each([
    ['database', undefined, 'database'],
    ['webhook', 'trigger', 'globe'],
    ['file-output', 'action', 'file'],
    ['no-such-icon', 'transform', 'shuffle'],
    [undefined, undefined, 'box'],
  ])('%s (%s) → %s', (icon, category, want) => {
    expect(iconName(icon, category)).toBe(want);
  });
});
