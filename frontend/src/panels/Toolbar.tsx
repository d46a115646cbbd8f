// The header: flow name, save, run, the More menu and the status line.
import { useRef } from 'react';
import { hasNativeDialogs } from '../api';
import { EditButtons } from '../canvas/EditButtons';
import { saveFlow } from '../stores/actions';
import { openExport, startImport } from '../stores/bundleActions';
import { useEditor } from '../stores/editor';
import { isFinal, useRun } from '../stores/run';
import { cancelRun, runFlow } from '../stores/runner';
import { useStatus } from '../stores/status';
import { MoreMenu } from './MoreMenu';
import { TeamTools } from './TeamTools';
import { WorkspaceButtons } from './WorkspaceButtons';

export function Toolbar() {
  const name = useEditor((s) => s.meta.name);
  const id = useEditor((s) => s.meta.id);
  const dirty = useEditor((s) => s.dirty);
  const rename = useEditor((s) => s.rename);
  const errors = useEditor((s) => s.problems.filter((p) => p.severity === 'error').length);
  const running = useRun((s) => s.starting || (s.record !== null && !isFinal(s.record)) || (s.runId !== null && s.record === null && !s.error));
  const { message, kind, busy, clear } = useStatus();
  const upload = useRef<HTMLInputElement>(null);
  const importClick = () => (hasNativeDialogs() ? void startImport() : upload.current?.click());
  return (
    <header className="toolbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">◆</span> <span className="brand-name">Weft Studio</span>
      </div>
      <input
        className="flow-name-input"
        data-testid="flow-name"
        aria-label="Flow name"
        value={name}
        onChange={(e) => rename(e.target.value)}
        placeholder="Flow name"
      />
      <span className={`save-state${dirty ? ' dirty' : ''}`}>
        {dirty ? 'Unsaved changes' : id ? 'Saved' : 'New flow'}
      </span>
      <div className="toolbar-actions">
        <EditButtons />
        <button type="button" className="btn" data-testid="open-export" onClick={openExport}>
          Export
        </button>
        <button type="button" className="btn" data-testid="open-import" onClick={importClick}>
          Import
        </button>
        <input
          ref={upload}
          type="file"
          accept=".weft,application/zip"
          className="bundle-upload"
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void startImport(file);
          }}
        />
        <TeamTools />
        <button type="button" className="btn" data-testid="save" onClick={() => void saveFlow()} title="Save (Ctrl+S)">
          Save
        </button>
        {running ? (
          <button type="button" className="btn danger" data-testid="cancel-run" onClick={() => void cancelRun()}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="btn primary"
            data-testid="run"
            onClick={() => void runFlow()}
            title={errors ? `${errors} problem(s) must be fixed before running` : 'Save and run'}
          >
            ▶ Run
          </button>
        )}
        <WorkspaceButtons />
      </div>
      <MoreMenu />
      <div className={`status status-${kind}`} role="status" aria-live="polite" title={busy ?? message ?? undefined}>
        {busy ?? message}
        {message && !busy && (
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={clear}>
            ×
          </button>
        )}
      </div>
    </header>
  );
}
