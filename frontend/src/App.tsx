import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useEffect } from 'react';
import { Canvas } from './canvas/Canvas';
import { ExportDialog, ImportDialog } from './panels/Bundles';
import { CredentialsPanel } from './panels/Credentials';
import { FlowList } from './panels/FlowList';
import { Inspector } from './panels/Inspector';
import { Palette } from './panels/Palette';
import { Problems } from './panels/Problems';
import { RunPanel } from './panels/RunPanel';
import { Toolbar } from './panels/Toolbar';
import { init, saveFlow, startCalls, watchValidation } from './stores/actions';
import { useEditor } from './stores/editor';
import { watchPreview } from './stores/mappingActions';
import { listenForRuns } from './stores/runner';
import { useMapping } from './stores/mapping';
import { NodeDetail } from './inspect/NodeDetail';
import { listenForProgress } from './inspect/progress';
import { RunHistory } from './inspect/RunHistory';
import { HistoryPanel } from './panels/History';
import { MenuBridge } from './panels/MenuBridge';
import { RecoveryBanner } from './panels/Recovery';
import { TemplateDialog, Welcome } from './panels/Welcome';
import { watchDraft } from './stores/draft';
import { watchTheme } from './stores/theme';
import { initWorkspace, watchRecent } from './stores/workspaceActions';

// The mapping editor (and CodeMirror with it) loads when first opened,
// which keeps it out of the Studio's start-up.
const MappingEditor = lazy(() => import('./mapping/MappingEditor').then((m) => ({ default: m.MappingEditor })));

function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void saveFlow();
      }
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (useEditor.getState().dirty) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, []);
}

export function App() {
  useShortcuts();
  useEffect(() => {
    const stopRuns = listenForRuns();
    const stopValidation = watchValidation();
    const stopPreview = watchPreview();
    const stopProgress = listenForProgress();
    const stopTheme = watchTheme();
    const stopDraft = watchDraft();
    const stopRecent = watchRecent();
    const asked = startCalls();
    void init(asked);
    void initWorkspace(asked.flows);
    return () => {
      stopProgress();
      stopTheme();
      stopDraft();
      stopRecent();
      stopRuns();
      stopValidation();
      stopPreview();
    };
  }, []);
  const problemCount = useEditor((s) => s.problems.length);
  const mappingOpen = useMapping((s) => s.nodeId !== null);
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <nav className="app-side">
          <FlowList />
          <Palette />
        </nav>
        <main className="app-center">
          <Canvas />
          <Welcome />
          <RecoveryBanner />
        </main>
        <Inspector />
        <footer className="app-bottom">
          <section className="problems-panel" aria-label="Problems">
            <div className="section-head">
              <h3>Problems</h3>
              {problemCount > 0 && <span className="pill pill-failed">{problemCount}</span>}
            </div>
            <Problems />
          </section>
          <RunPanel />
        </footer>
        <NodeDetail />
        <RunHistory />
        {mappingOpen && (
          <Suspense fallback={null}>
            <MappingEditor />
          </Suspense>
        )}
        <CredentialsPanel />
        <ExportDialog />
        <ImportDialog />
        <TemplateDialog />
        <HistoryPanel />
        <MenuBridge />
      </div>
    </ReactFlowProvider>
  );
}
