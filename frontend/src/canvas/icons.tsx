// Glyphs for spec icon names. Unknown names fall back to the category's glyph.
import type { ReactElement } from 'react';

const paths: Record<string, ReactElement> = {
  play: <path d="M5 3.5v9l7.5-4.5z" fill="currentColor" />,
  code: <path d="M5.5 4 2 8l3.5 4M10.5 4 14 8l-3.5 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />,
  bug: (
    <g fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round">
      <rect x="5" y="5" width="6" height="8" rx="3" />
      <path d="M8 5V3.5M6 4l-1-1.5M10 4l1-1.5M5 8H2.5M11 8h2.5M5 11H3M11 11h2" />
    </g>
  ),
  bolt: <path d="M9 1.5 3.5 9H8l-1 5.5L12.5 7H8z" fill="currentColor" />,
  send: <path d="M2 8l12-5.5L9.5 14 8 9z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />,
  box: <rect x="3" y="3" width="10" height="10" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />,
  shuffle: <path d="M2 5h3l6 6h3M2 11h3l6-6h3M12 3l2 2-2 2M12 9l2 2-2 2" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />,
};

const aliases: Record<string, string> = {
  manual: 'play', trigger: 'play', 'hand-pointer': 'play', hand: 'play',
  script: 'code', javascript: 'code', js: 'code', transform: 'shuffle',
  debug: 'bug', terminal: 'bug', action: 'send', zap: 'bolt',
};

/** iconName resolves a spec icon (or its category) to a known glyph. */
export function iconName(icon: string | undefined, category?: string): string {
  for (const name of [icon, category]) {
    if (!name) continue;
    if (paths[name]) return name;
    if (aliases[name]) return aliases[name];
  }
  return 'box';
}

export function Icon({ name, category, size = 16 }: { name?: string; category?: string; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true">
      {paths[iconName(name, category)]}
    </svg>
  );
}
