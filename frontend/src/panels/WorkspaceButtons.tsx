// Toolbar buttons of the workspace: recent flows and the theme switch
// (follow the OS → light → dark); templates and versions are in the More
// menu.
import { openFlow } from '../stores/actions';
import { chooseTheme, effectiveTheme, nextPref, useTheme } from '../stores/theme';
import { useWorkspace } from '../stores/workspace';

/** RecentFlows opens one of the flows opened or saved last. */
function RecentFlows() {
  const recent = useWorkspace((s) => s.recent);
  if (recent.length === 0) return null;
  return (
    <select
      className="recent-select"
      data-testid="open-recent"
      aria-label="Open a recent flow"
      value=""
      onChange={(e) => e.target.value && void openFlow(e.target.value)}
    >
      <option value="">Recent…</option>
      {recent.map((f) => (
        <option key={f.id} value={f.id}>
          {f.name || f.id}
        </option>
      ))}
    </select>
  );
}

const themeLabel = { system: 'Theme: follow the system', light: 'Theme: light', dark: 'Theme: dark' } as const;
const themeIcon = { system: '◐', light: '☀', dark: '☾' } as const;

export function WorkspaceButtons() {
  const pref = useTheme((s) => s.pref);
  const applied = useTheme((s) => effectiveTheme(s.pref, s.system));
  return (
    <>
      <RecentFlows />
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
