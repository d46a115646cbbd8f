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
  clock: (
    <g fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round">
      <circle cx="8" cy="8" r="5.5" />
      <path d="M8 5v3.2l2 1.3" />
    </g>
  ),
  database: (
    <g fill="none" stroke="currentColor" strokeWidth="1.3">
      <ellipse cx="8" cy="4" rx="4.5" ry="1.8" />
      <path d="M3.5 4v8c0 1 2 1.8 4.5 1.8s4.5-.8 4.5-1.8V4M3.5 8c0 1 2 1.8 4.5 1.8s4.5-.8 4.5-1.8" />
    </g>
  ),
  file: <path d="M4 1.8h5l3 3v9.4H4zM9 1.8v3h3" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />,
  folder: <path d="M2 4.5h4l1.3 1.5H14v7H2z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />,
  globe: (
    <g fill="none" stroke="currentColor" strokeWidth="1.2">
      <circle cx="8" cy="8" r="5.8" />
      <path d="M2.2 8h11.6M8 2.2c-2 2-2 9.6 0 11.6M8 2.2c2 2 2 9.6 0 11.6" />
    </g>
  ),
  filter: <path d="M2.5 3h11L9.3 8.2V13l-2.6-1.3V8.2z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />,
  inbox: <path d="M2 9l2-6h8l2 6v4H2zM2 9h3.5l1 1.5h3l1-1.5H14" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />,
  split: <path d="M2 8h5l5-4.5M7 8l5 4.5M10.5 3.5H12V5M10.5 12.5H12V11" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />,
  merge: <path d="M2 3.5 7 8h7M2 12.5 7 8M12 6l2 2-2 2" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />,
  shield: <path d="M8 1.8 13 3.8v4c0 3-2.2 5.2-5 6.4-2.8-1.2-5-3.4-5-6.4v-4z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />,
};

const aliases: Record<string, string> = {
  manual: 'play', trigger: 'play', 'hand-pointer': 'play', hand: 'play',
  script: 'code', javascript: 'code', js: 'code', transform: 'shuffle',
  debug: 'bug', terminal: 'bug', action: 'send', zap: 'bolt',
  'file-input': 'file', 'file-output': 'file', 'file-plus': 'file', 'file-text': 'file', copy: 'file',
  'folder-search': 'folder', webhook: 'globe', reply: 'send', gauge: 'clock', layers: 'merge',
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
