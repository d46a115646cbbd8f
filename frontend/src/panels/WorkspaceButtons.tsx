// Toolbar buttons of the workspace: new from template, version history
// and the theme switch (follow the OS → light → dark).
import { openHistory } from '../stores/history';
import { chooseTheme, effectiveTheme, nextPref, useTheme } from '../stores/theme';
import { openGallery } from '../stores/workspaceActions';

const themeLabel = { system: 'Theme: follow the system', light: 'Theme: light', dark: 'Theme: dark' } as const;
const themeIcon = { system: '◐', light: '☀', dark: '☾' } as const;

export function WorkspaceButtons() {
  const pref = useTheme((s) => s.pref);
  const applied = useTheme((s) => effectiveTheme(s.pref, s.system));
  return (
    <>
      <button type="button" className="btn" data-testid="open-templates" onClick={openGallery} title="New flow from a template">
        Templates
      </button>
      <button type="button" className="btn" data-testid="open-history" onClick={() => void openHistory()} title="Saved versions of this flow">
        History
      </button>
      <button
        type="button"
        className="btn theme-btn"
        data-testid="theme-toggle"
        data-theme-pref={pref}
        data-theme-applied={applied}
        aria-label={`${themeLabel[pref]} (click to change)`}
        title={`${themeLabel[pref]} — click to change`}
        onClick={() => void chooseTheme(nextPref(pref))}
      >
        {themeIcon[pref]}
      </button>
    </>
  );
}
