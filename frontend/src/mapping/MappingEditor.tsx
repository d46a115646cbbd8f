// The mapping editor of a core.mapping node: samples and source tree on the
// left, targets on the right with lines between, the selected target's
// expression beside them, and the preview and tests below.
import { useEffect, useMemo, useRef } from 'react';
import { useEditor } from '../stores/editor';
import { useMapping } from '../stores/mapping';
import { closeMappingEditor } from '../stores/mappingActions';
import { FieldDetail } from './FieldDetail';
import { Links } from './Links';
import { PreviewTable } from './PreviewTable';
import { TaskProgress } from '../inspect/ProgressBar';
import { SamplesPanel } from './SamplesPanel';
import { SourceTree } from './SourceTree';
import { TargetList } from './TargetList';
import { TestsPanel } from './TestsPanel';
import { buildSourceTree, flattenTree, links } from './tree';

function useCloseOnEscape(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target as HTMLElement | null)?.closest?.('.cm-editor')) closeMappingEditor();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Body({ nodeId }: { nodeId: string }) {
  const mapping = useMapping((s) => s.mapping);
  const preview = useMapping((s) => s.preview);
  const selected = useMapping((s) => s.selected);
  const tab = useMapping((s) => s.tab);
  const setTab = useMapping((s) => s.setTab);
  const nodeName = useEditor((s) => s.nodes.find((n) => n.id === nodeId)?.data.name);
  const mapper = useRef<HTMLDivElement>(null);
  const tree = useMemo(() => buildSourceTree(preview?.source), [preview?.source]);
  const paths = useMemo(() => flattenTree(tree), [tree]);
  const lines = useMemo(() => links(mapping, preview?.lineage, new Set(paths)), [mapping, preview?.lineage, paths]);
  const errorCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of preview?.records ?? []) for (const e of r.errors ?? []) m.set(e.target, (m.get(e.target) ?? 0) + 1);
    return m;
  }, [preview]);
  const tests = mapping.tests?.length ?? 0;
  useCloseOnEscape();
  return (
    <div className="mapping-modal" role="dialog" aria-modal="true" aria-label="Mapping editor" data-testid="mapping-editor">
      <header className="mapping-head">
        <h2>Mapping · {nodeName || nodeId}</h2>
        <span className="muted small">
          {mapping.fields.length} target{mapping.fields.length === 1 ? '' : 's'} · changes go into the node; save the flow to keep them
        </span>
        <button type="button" className="btn small" data-testid="mapping-close" onClick={closeMappingEditor}>
          Done
        </button>
      </header>
      <div className="mapping-top">
        <div className="mapper" ref={mapper}>
          <section className="mapper-sources">
            <div className="section-head">
              <h3>Samples</h3>
            </div>
            <SamplesPanel />
            <div className="section-head">
              <h3>Source fields</h3>
            </div>
            <SourceTree nodes={tree} />
          </section>
          <div className="mapper-gutter" />
          <section className="mapper-targets">
            <div className="section-head">
              <h3>Targets</h3>
            </div>
            <TargetList errorCounts={errorCounts} />
          </section>
          <Links container={mapper} links={lines} selected={selected} version={mapping.fields.length} />
        </div>
        <section className="mapping-detail">
          <FieldDetail sourcePaths={paths} />
        </section>
      </div>
      <div className="mapping-bottom">
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'preview'} data-testid="tab-preview" onClick={() => setTab('preview')}>
            Preview
          </button>
          <button type="button" role="tab" aria-selected={tab === 'tests'} data-testid="tab-tests" onClick={() => setTab('tests')}>
            Tests{tests > 0 ? ` (${tests})` : ''}
          </button>
        </div>
        <TaskProgress label="preview" title="Previewing" minDone={1} />
        <div className="tab-body">{tab === 'preview' ? <PreviewTable /> : <TestsPanel />}</div>
      </div>
    </div>
  );
}

/** MappingEditor is mounted once; it shows while a node's mapping is open. */
export function MappingEditor() {
  const nodeId = useMapping((s) => s.nodeId);
  const exists = useEditor((s) => (nodeId ? s.nodes.some((n) => n.id === nodeId) : false));
  useEffect(() => {
    if (nodeId && !exists) closeMappingEditor();
  }, [nodeId, exists]);
  if (!nodeId || !exists) return null;
  return (
    <div className="mapping-backdrop">
      <Body nodeId={nodeId} />
    </div>
  );
}
