// Use cases the UI triggers: they call the app service and update the stores.
import { api } from '../api';
import type { Flow } from '../api/types';
import { closeAllSubflows } from '../canvas/subflowActions';
import { useCatalog } from './catalog';
import { flowView, type WeftEdge } from './doc';
import { useEditor, type EditorState } from './editor';
import { useRun } from './run';
import { report, useStatus } from './status';

const HASH_PREFIX = '#/flow/';

/** flowIdFromHash reads the flow id from an address hash like #/flow/<id>. */
export function flowIdFromHash(hash: string): string | null {
  return hash.startsWith(HASH_PREFIX) ? decodeURIComponent(hash.slice(HASH_PREFIX.length)) || null : null;
}

function setHash(id: string): void {
  const url = new URL(window.location.href);
  url.hash = id ? `${HASH_PREFIX}${encodeURIComponent(id)}` : '';
  window.history.replaceState(null, '', url);
}

export async function refreshFlows(answer = api.listFlows()): Promise<void> {
  try {
    useCatalog.getState().setFlows(await answer);
  } catch (err) {
    report(err, 'Could not list flows');
  }
}

/** The calls init makes: the node types, the flow list and the flow the address names. */
export interface Asked {
  id: string | null;
  flow: Promise<Flow> | null;
  specs: ReturnType<typeof api.nodeTypes>;
  flows: ReturnType<typeof api.listFlows>;
}

function ask(): Asked {
  const id = flowIdFromHash(window.location.hash);
  const asked = { id, flow: id ? api.getFlow(id) : null, specs: api.nodeTypes(), flows: api.listFlows() };
  for (const p of [asked.flow, asked.specs, asked.flows]) p?.catch(() => {}); // init reports them
  return asked;
}

let early: Asked | null = null;

/**
 * askEarly sends init's calls as the page starts, beside the session
 * check, so their answers come while the editor mounts instead of after
 * it. A page that shows the sign-in first drops them (forgetEarly): they
 * were asked without a session.
 */
export function askEarly(): void {
  early = ask();
}

export function forgetEarly(): void {
  early = null;
}

/**
 * startCalls returns init's calls: askEarly's, or asked now. App passes
 * them to init and their flow list to initWorkspace, so the list is asked
 * for once.
 */
export function startCalls(): Asked {
  const asked = early ?? ask();
  early = null;
  return asked;
}

/** init loads the node types, the flow list and the flow the address names, asking for all three at once (or taking askEarly's calls). */
export async function init(asked: Asked = startCalls()): Promise<void> {
  const { id, flow, specs, flows } = asked;
  const listed = refreshFlows(flows);
  try {
    useCatalog.getState().setSpecs(await specs);
  } catch (err) {
    report(err, 'Could not load node types');
  }
  await listed;
  if (id && flow) await openFlow(id, flow);
}

function discardOk(): boolean {
  closeAllSubflows(); // the outer flow's dirty state is what may be lost
  return !useEditor.getState().dirty || window.confirm('Discard unsaved changes?');
}

/** openFlow puts flow id on the canvas; fetched is its answer when already asked for. */
export async function openFlow(id: string, fetched?: Promise<Flow>): Promise<void> {
  if (!discardOk()) return;
  try {
    const flow = await (fetched ?? api.getFlow(id));
    useEditor.getState().load(flow);
    useRun.getState().dispatch({ type: 'clear' });
    setHash(flow.id);
    void validateNow();
  } catch (err) {
    report(err, `Could not open flow ${id}`);
  }
}

export function newFlow(): void {
  if (!discardOk()) return;
  useEditor.getState().newFlow();
  useRun.getState().dispatch({ type: 'clear' });
  setHash('');
}

/** saveFlow saves the current flow (even an invalid draft) and returns its id. */
export async function saveFlow(): Promise<string | null> {
  closeAllSubflows();
  const editor = useEditor.getState();
  const status = useStatus.getState();
  status.setBusy('Saving…');
  try {
    const res = await api.saveFlow(editor.toFlow());
    editor.markSaved(res.flow.id);
    editor.setProblems(res.problems ?? []);
    setHash(res.flow.id);
    status.show(`Saved ${res.flow.name || res.flow.id} (version ${res.flow.version})`);
    await refreshFlows();
    return res.flow.id;
  } catch (err) {
    report(err, 'Save failed');
    return null;
  } finally {
    status.setBusy(null);
  }
}

export async function deleteFlow(id: string, name: string): Promise<void> {
  if (!window.confirm(`Delete flow "${name || id}"? Its history goes too.`)) return;
  try {
    await api.deleteFlow(id);
    if (useEditor.getState().meta.id === id) {
      useEditor.getState().newFlow();
      setHash('');
    }
    await refreshFlows();
  } catch (err) {
    report(err, 'Delete failed');
  }
}

let validationSeq = 0;

/** validateNow asks the engine for the current flow's problems. */
export async function validateNow(): Promise<void> {
  const seq = ++validationSeq;
  try {
    const { meta, nodes, edges } = useEditor.getState();
    const problems = await api.validateFlow(flowView(meta, nodes, edges));
    if (seq === validationSeq) useEditor.getState().setProblems(problems);
  } catch {
    // Validation is advisory; save and run report real failures.
  }
}

/**
 * semanticChange says whether the flow the engine checks may differ: not
 * when only positions, the selection or sizes changed (a drag, a layout).
 * Node data is replaced, never changed in place, so comparing references
 * is enough.
 */
export function semanticChange(s: EditorState, prev: EditorState): boolean {
  if (s.meta !== prev.meta || s.nodes.length !== prev.nodes.length || s.edges.length !== prev.edges.length) return true;
  const nodes = s.nodes !== prev.nodes && s.nodes.some((n, i) => n.id !== prev.nodes[i].id || n.data !== prev.nodes[i].data);
  return nodes || (s.edges !== prev.edges && s.edges.some((e, i) => !sameWire(e, prev.edges[i])));
}

const sameWire = (a: WeftEdge, b: WeftEdge): boolean =>
  a === b || (a.id === b.id && a.source === b.source && a.sourceHandle === b.sourceHandle && a.target === b.target && a.targetHandle === b.targetHandle);

/** watchValidation re-validates (debounced) whenever the flow's content changes. */
export function watchValidation(delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';
  // The flow is serialized when the timer fires, not on every change: a
  // drag on a big flow changes the store every frame.
  const unsub = useEditor.subscribe((s, prev) => {
    if (!semanticChange(s, prev)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const { meta, nodes, edges } = useEditor.getState();
      const key = JSON.stringify(flowView(meta, nodes, edges));
      if (key === last) return;
      last = key;
      void validateNow();
    }, delayMs);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsub();
  };
}
