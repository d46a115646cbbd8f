// The colour theme: the user's choice (system, light or dark, kept in the
// service's preferences) and the OS's prefers-color-scheme decide the
// theme applied as <html data-theme="…">; styles.css and theme.css read
// CSS variables from it, CodeMirror follows through src/theme/codemirror.
import { create } from 'zustand';
import { api, type ThemePref } from '../api';
import { report } from './status';

export type Theme = 'light' | 'dark';

export interface ThemeState {
  pref: ThemePref;
  system: Theme;
  setPref(p: ThemePref): void;
  setSystem(t: Theme): void;
}

/** effectiveTheme is the theme a preference gives under the OS's scheme. */
/** asThemePref reads a saved theme preference; anything unknown follows the OS. */
export function asThemePref(s: string): ThemePref {
  return s === 'light' || s === 'dark' ? s : 'system';
}

export function effectiveTheme(pref: ThemePref, system: Theme): Theme {
  return pref === 'system' ? system : pref;
}

/** nextPref cycles system → light → dark → system (the toolbar button). */
export function nextPref(p: ThemePref): ThemePref {
  return p === 'system' ? 'light' : p === 'light' ? 'dark' : 'system';
}

export const useTheme = create<ThemeState>()((set) => ({
  pref: 'system',
  system: 'light',
  setPref: (pref) => set({ pref }),
  setSystem: (system) => set({ system }),
}));

/** currentTheme is the theme applied now. */
export function currentTheme(): Theme {
  const { pref, system } = useTheme.getState();
  return effectiveTheme(pref, system);
}

function apply(): void {
  const t = currentTheme();
  document.documentElement.dataset.theme = t;
  document.documentElement.style.colorScheme = t;
}

/** choose sets and stores the user's theme preference. */
export async function chooseTheme(pref: ThemePref): Promise<void> {
  useTheme.getState().setPref(pref);
  try {
    await api.savePreferences({ theme: pref });
  } catch (err) {
    report(err, 'Could not keep the theme');
  }
}

/**
 * watchTheme follows the OS scheme, loads the stored preference and keeps
 * data-theme on <html> up to date. It returns a function that stops it.
 */
export function watchTheme(): () => void {
  const mq = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const onScheme = () => useTheme.getState().setSystem(mq?.matches ? 'dark' : 'light');
  onScheme();
  mq?.addEventListener('change', onScheme);
  const unsub = useTheme.subscribe(apply);
  apply();
  void api
    .getPreferences()
    .then((p) => useTheme.getState().setPref(asThemePref(p.theme)))
    .catch(() => {}); // the default (follow the OS) stands
  return () => {
    mq?.removeEventListener('change', onScheme);
    unsub();
  };
}
