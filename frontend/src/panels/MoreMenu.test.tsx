import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MORE_ITEMS, MoreMenu, step, type MoreItem } from './MoreMenu';

function setup() {
  const ran: string[] = [];
  const items: MoreItem[] = ['a', 'b', 'c'].map((k) => ({ testId: `item-${k}`, label: k.toUpperCase(), title: k, run: () => ran.push(k) }));
  render(<MoreMenu items={items} />);
  return { ran, button: screen.getByTestId('toolbar-more') };
}

describe('More menu', () => {
  it('moves focus round the items with the arrows, Home and End', () => {
    expect(step('ArrowDown', 2, 3)).toBe(0);
    expect(step('ArrowUp', 0, 3)).toBe(2);
    expect(step('ArrowDown', -1, 3)).toBe(0);
    expect(step('Home', 2, 3)).toBe(0);
    expect(step('End', 0, 3)).toBe(2);
    expect(step('x', 0, 3)).toBeNull();
  });

  it('opens on a click with the first item focused and runs the item clicked', () => {
    const { ran, button } = setup();
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('menu').id).toBe(button.getAttribute('aria-controls'));
    expect(document.activeElement).toBe(screen.getByTestId('item-a'));
    fireEvent.click(screen.getByTestId('item-b'));
    expect(ran).toEqual(['b']);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('works from the keyboard and Escape gives focus back to the button', () => {
    const { ran, button } = setup();
    fireEvent.keyDown(button, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByTestId('item-c'));
    const menu = screen.getByRole('menu');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('item-a'));
    fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByTestId('item-c'));
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(ran).toEqual([]);
  });

  it('closes on a click elsewhere', () => {
    setup();
    fireEvent.click(screen.getByTestId('toolbar-more'));
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('keeps the test ids the toolbar buttons had', () => {
    expect(MORE_ITEMS.map((i) => i.testId)).toEqual(['open-templates', 'open-versions', 'open-credentials', 'open-usage', 'open-audit']);
  });
});
