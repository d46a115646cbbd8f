// Mapping editor use cases: preview as the user types, tests, samples.
import { newTask } from '../inspect/progress';
import { api } from '../api';
import type { SampleFormat } from '../api/types';
import { previewable } from '../mapping/model';
import { saveFlow } from './actions';
import { useEditor } from './editor';
import { useMapping } from './mapping';
import { useRun } from './run';
import { report } from './status';

/** How many sample records the preview shows. */
export const PREVIEW_LIMIT = 200;

let previewSeq = 0;

/** runPreview asks the engine to apply the mapping to the samples; stale answers are dropped. */
export async function runPreview(): Promise<void> {
  const { nodeId, mapping, sample, setPreview } = useMapping.getState();
  const seq = ++previewSeq;
  if (!nodeId || sample.text.trim() === '') {
    setPreview({ preview: null, previewing: false, previewError: null });
    return;
  }
  setPreview({ previewing: true });
  const sent = previewable(mapping);
  try {
    const preview = await api.previewMapping({ mapping: sent.mapping, samples: sample.text, format: sample.format, limit: PREVIEW_LIMIT, task: newTask('preview') });
    // Compile errors name positions in what was sent; point them back at the full list.
    for (const e of preview.compileErrors ?? []) {
      if (e.index !== undefined && e.index >= 0) e.index = sent.indexes[e.index] ?? e.index;
    }
    if (seq === previewSeq) setPreview({ preview, previewing: false, previewError: null });
  } catch (err) {
    if (seq === previewSeq) setPreview({ previewing: false, previewError: err instanceof Error ? err.message : String(err) });
  }
}

/** watchPreview re-runs the preview (debounced) whenever the open mapping or its samples change. */
export function watchPreview(delayMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsub = useMapping.subscribe((s, prev) => {
    const changed =
      s.nodeId !== prev.nodeId ||
      s.mapping !== prev.mapping ||
      s.sample.text !== prev.sample.text ||
      s.sample.format !== prev.sample.format;
    if (!changed) return;
    if (timer) clearTimeout(timer);
    timer = null;
    if (!s.nodeId) return;
    // Opening shows the preview at once; typing waits for a pause.
    if (s.nodeId !== prev.nodeId) void runPreview();
    else timer = setTimeout(() => void runPreview(), delayMs);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsub();
  };
}

/** openMappingEditor opens the editor for a core.mapping node and lists its saved samples. */
export function openMappingEditor(nodeId: string): void {
  useMapping.getState().open(nodeId);
  void refreshSamples();
}

export function closeMappingEditor(): void {
  useMapping.getState().close();
}

export async function runTests(): Promise<void> {
  const { mapping, setTests } = useMapping.getState();
  setTests({ testsRunning: true, testsError: null });
  try {
    const testResults = await api.runMappingTests(mapping);
    // Results belong to the tests they ran; an edit meanwhile makes them stale.
    if (useMapping.getState().mapping.tests === mapping.tests) setTests({ testResults });
    setTests({ testsRunning: false });
  } catch (err) {
    setTests({ testsRunning: false, testsError: err instanceof Error ? err.message : String(err) });
  }
}

/** formatFromFileName guesses a sample format from a file's extension. */
export function formatFromFileName(name: string): SampleFormat {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'json') return 'json';
  if (ext === 'xml') return 'xml';
  return 'auto';
}

/** loadSampleFile puts a file's text into the samples. */
export async function loadSampleFile(file: File): Promise<void> {
  try {
    const text = await file.text();
    const name = file.name.replace(/\.[^.]*$/, '') || 'sample';
    useMapping.getState().setSample({ text, format: formatFromFileName(file.name), name });
  } catch (err) {
    report(err, `Could not read ${file.name}`);
  }
}

export async function refreshSamples(): Promise<void> {
  const { nodeId, setSaved } = useMapping.getState();
  const flowId = useEditor.getState().meta.id;
  if (!nodeId || !flowId) {
    setSaved([]);
    return;
  }
  try {
    const saved = await api.listSamples(flowId, nodeId);
    if (useMapping.getState().nodeId === nodeId) setSaved(saved);
  } catch (err) {
    report(err, 'Could not list samples');
  }
}

/** saveSample stores the current samples under their name; an unsaved flow is saved first. */
export async function saveSample(): Promise<void> {
  const { nodeId, sample } = useMapping.getState();
  if (!nodeId) return;
  const flowId = useEditor.getState().meta.id || (await saveFlow());
  if (!flowId) return;
  try {
    const saved = await api.saveSample({ flowId, nodeId, name: sample.name.trim() || 'sample', format: sample.format, text: sample.text });
    useMapping.getState().setSample({ name: saved.name });
    await refreshSamples();
  } catch (err) {
    report(err, 'Could not save the sample');
  }
}

export function loadSavedSample(name: string): void {
  const s = useMapping.getState().saved.find((x) => x.name === name);
  if (!s) return;
  useMapping.getState().setSample({ text: s.text, format: asFormat(s.format), name: s.name });
}

export async function deleteSample(name: string): Promise<void> {
  const { nodeId } = useMapping.getState();
  const flowId = useEditor.getState().meta.id;
  if (!nodeId || !flowId) return;
  try {
    await api.deleteSample(flowId, nodeId, name);
    await refreshSamples();
  } catch (err) {
    report(err, 'Could not delete the sample');
  }
}

/** lastRunId is the run whose messages "from last run" takes, or null. */
export function lastRunId(): string | null {
  return useRun.getState().runId;
}

/** sampleFromLastRun takes the messages the node received in the last run as samples. */
export async function sampleFromLastRun(): Promise<void> {
  const { nodeId } = useMapping.getState();
  const runId = lastRunId();
  if (!nodeId || !runId) return;
  try {
    const s = await api.sampleFromRun(runId, nodeId);
    useMapping.getState().setSample({ text: s.text, format: asFormat(s.format), name: s.name || 'last run' });
  } catch (err) {
    report(err, 'Could not take samples from the last run');
  }
}

function asFormat(f: string): SampleFormat {
  return (['auto', 'json', 'ndjson', 'csv', 'xml'] as string[]).includes(f) ? (f as SampleFormat) : 'auto';
}
