// The toolbar's "More ▾" menu: the less-used panels, so the toolbar fits a
// narrow window. A menu button in the WAI-ARIA pattern: Enter, Space or
// ArrowDown opens it on the first item, ArrowUp on the last; arrows,
// Home and End move; Escape closes and gives focus back to the button;
// Tab or a click elsewhere closes it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { openAudit } from '../stores/audit';
import { openCredentials } from '../stores/credentialActions';
import { openUsage } from '../stores/usage';
import { openHistory } from '../stores/versions';
import { openGallery } from '../stores/workspaceActions';

/** A MoreItem is one entry of the menu; testId keeps the test id the button had on the toolbar. */
export interface MoreItem {
  testId: string;
  label: string;
  title: string;
  run(): void;
}

export const MORE_ITEMS: MoreItem[] = [
  { testId: 'open-templates', label: 'Templates', title: 'New flow from a template', run: openGallery },
  { testId: 'open-versions', label: 'Versions', title: 'Saved versions of this flow', run: () => void openHistory() },
  { testId: 'open-credentials', label: 'Credentials', title: 'Credentials the flows use', run: () => void openCredentials() },
  { testId: 'open-usage', label: 'Usage', title: 'Runs, messages, errors and cost over time', run: () => void openUsage() },
  { testId: 'open-audit', label: 'Audit', title: 'Who changed what', run: () => void openAudit() },
];

/** step returns the index focus moves to from at for a key, or null for keys the menu does not handle. */
export function step(key: string, at: number, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return (at + 1) % count;
    case 'ArrowUp':
      return (at - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export function MoreMenu({ items = MORE_ITEMS }: { items?: MoreItem[] }) {
  const [open, setOpen] = useState<null | 'first' | 'last'>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();
  const entries = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const all = entries();
    all[open === 'first' ? 0 : all.length - 1]?.focus();
    const away = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(null);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(null);
    if (refocus) button.current?.focus();
  };
  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const all = entries();
    const next = step(e.key, all.indexOf(document.activeElement as HTMLElement), all.length);
    if (next !== null) {
      e.preventDefault();
      all[next]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') {
      close(false);
    }
  };
  return (
    <div className="more-menu">
      <button
        ref={button}
        type="button"
        className="btn"
        data-testid="toolbar-more"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={id}
        onClick={() => (open ? close(false) : setOpen('first'))}
        onKeyDown={onButtonKey}
      >
        More ▾
      </button>
      {open && (
        <div ref={menu} id={id} role="menu" aria-label="More" className="more-list" data-testid="toolbar-more-menu" onKeyDown={onMenuKey}>
          {items.map((it) => (
            <button
              key={it.testId}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="more-item"
              data-testid={it.testId}
              title={it.title}
              onClick={() => {
                close(true);
                it.run();
              }}
            >
              {it.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
