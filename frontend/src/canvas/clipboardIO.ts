// Copy, cut, paste and duplicate on the canvas. The system clipboard
// carries canonical flow JSON (so a selection pastes into another flow,
// another Studio, or a text editor); where the system clipboard cannot be
// used the Studio keeps its own copy in memory.
import { useCatalog } from '../stores/catalog';
import { fragment, instantiate, parseFragment } from '../stores/clipboard';
import { useEditor } from '../stores/editor';
import { report, useStatus } from '../stores/status';
import { selectedNodes } from './commands';

let memory: string | null = null;

function selectionText(): string | null {
  const picked = selectedNodes();
  if (picked.length === 0) return null;
  const { nodes, edges, meta } = useEditor.getState();
  return JSON.stringify(fragment(nodes, edges, picked.map((n) => n.id), meta.subflows), null, 2);
}

/** copySelection puts the selection on the clipboard (into data when a copy event gives one). */
export function copySelection(data?: DataTransfer | null): boolean {
  const text = selectionText();
  if (!text) return false;
  memory = text;
  if (data) data.setData('text/plain', text);
  else void navigator.clipboard?.writeText(text).catch(() => {});
  const n = selectedNodes().length;
  useStatus.getState().show(`Copied ${n} node${n === 1 ? '' : 's'}`);
  return true;
}

export function cutSelection(data?: DataTransfer | null): boolean {
  if (!copySelection(data)) return false;
  useEditor.getState().removeSelection();
  return true;
}

/** pasteText inserts the nodes a clipboard text holds; an empty text pastes the Studio's own copy. */
export function pasteText(text: string): boolean {
  const source = text.trim() || memory;
  if (!source) return false;
  try {
    const frag = parseFragment(source);
    const ed = useEditor.getState();
    const { nodes, edges } = instantiate(frag, ed, useCatalog.getState().specs);
    ed.insert(nodes, edges, frag.subflows);
    useStatus.getState().show(`Pasted ${nodes.length} node${nodes.length === 1 ? '' : 's'}`);
    return true;
  } catch (err) {
    report(err);
    return false;
  }
}

/** pasteFromSystem reads the clipboard through the async API, falling back to the Studio's copy. */
export async function pasteFromSystem(): Promise<boolean> {
  let text = '';
  try {
    text = (await navigator.clipboard?.readText()) ?? '';
  } catch {
    // no permission or no API: use the Studio's own copy
  }
  return pasteText(text);
}

export function duplicateSelection(): boolean {
  const text = selectionText();
  return text ? pasteText(text) : false;
}

/** modalOpen says whether a dialog has the keyboard (the canvas then takes no keys). */
export const modalOpen = (): boolean => document.querySelector('[aria-modal="true"]') !== null;

/** isEditable says whether keys and clipboard events at target belong to a text field. */
export function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .cm-editor');
}

/**
 * installClipboard handles copy, cut and paste events outside text fields.
 * Where a keyboard shortcut brings no clipboard event (some webviews do not
 * fire one without a text selection), the shortcut itself falls back to
 * the async clipboard API and the Studio's copy.
 */
export function installClipboard(): () => void {
  let pending: 'copy' | 'cut' | 'paste' | null = null;
  const onCopy = (e: ClipboardEvent) => {
    pending = null;
    if (isEditable(e.target) || modalOpen() || window.getSelection()?.toString()) return;
    if ((e.type === 'cut' ? cutSelection : copySelection)(e.clipboardData)) e.preventDefault();
  };
  const onPaste = (e: ClipboardEvent) => {
    pending = null;
    if (isEditable(e.target) || modalOpen()) return;
    e.preventDefault();
    pasteText(e.clipboardData?.getData('text/plain') ?? '');
  };
  const onKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || isEditable(e.target) || modalOpen()) return;
    const kind = ({ c: 'copy', x: 'cut', v: 'paste' } as const)[e.key.toLowerCase()];
    if (!kind) return;
    pending = kind;
    setTimeout(() => {
      if (pending !== kind) return;
      pending = null;
      if (kind === 'paste') void pasteFromSystem();
      else if (!window.getSelection()?.toString()) (kind === 'cut' ? cutSelection : copySelection)();
    }, 0);
  };
  document.addEventListener('copy', onCopy);
  document.addEventListener('cut', onCopy);
  document.addEventListener('paste', onPaste);
  window.addEventListener('keydown', onKey);
  return () => {
    document.removeEventListener('copy', onCopy);
    document.removeEventListener('cut', onCopy);
    document.removeEventListener('paste', onPaste);
    window.removeEventListener('keydown', onKey);
  };
}
