// Keyboard shortcuts of the canvas, none while a dialog is open. Undo and
// redo work in form fields too, but not inside code editors (which keep
// their own history); the rest only when no text field has the focus.
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useEditor } from '../stores/editor';
import { duplicateSelection, installClipboard, isEditable, modalOpen } from './clipboardIO';
import { nudge, step, type Direction } from './commands';
import { GRID, useCanvasUi } from './ui';

const arrows: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/** historyKey handles Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y; it returns whether it did. */
function historyKey(e: KeyboardEvent): boolean {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return false;
  const k = e.key.toLowerCase();
  const el = e.target as HTMLElement | null;
  if (el?.closest?.('.cm-editor')) return false;
  if (k === 'z' && !e.shiftKey) useEditor.getState().undo();
  else if ((k === 'z' && e.shiftKey) || k === 'y') useEditor.getState().redo();
  else return false;
  return true;
}

/** commandKey handles the Ctrl shortcuts outside text fields. */
function commandKey(e: KeyboardEvent): boolean {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return false;
  switch (e.key.toLowerCase()) {
    case 'k':
      useCanvasUi.getState().setSearchOpen(true);
      return true;
    case 'd':
      duplicateSelection();
      return true;
    case 'a': {
      const ed = useEditor.getState();
      ed.selectIds(ed.nodes.map((n) => n.id));
      return true;
    }
    default:
      return false;
  }
}

/** plainKey handles the unmodified keys: arrows, Enter, Delete, Escape, Shift+1. */
function plainKey(e: KeyboardEvent, fit: () => void): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const dir = arrows[e.key];
  if (dir && e.shiftKey) {
    const d = useCanvasUi.getState().snap ? GRID : 10;
    nudge(dir === 'left' ? -d : dir === 'right' ? d : 0, dir === 'up' ? -d : dir === 'down' ? d : 0);
  } else if (dir) {
    step(dir);
  } else if (e.key === 'Enter') {
    const field = document.querySelector<HTMLElement>('[data-testid="inspector"] input, [data-testid="inspector"] textarea');
    if (!field) return false;
    field.focus();
  } else if (e.key === 'Delete' || e.key === 'Backspace') {
    useEditor.getState().removeSelection();
  } else if (e.key === 'Escape') {
    useEditor.getState().selectIds([]);
  } else if (e.key === '!' || (e.shiftKey && e.code === 'Digit1')) {
    fit();
  } else {
    return false;
  }
  return true;
}

/** useCanvasKeys installs the canvas shortcuts and clipboard handling while the canvas is mounted. */
export function useCanvasKeys(): void {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const fit = () => void fitView({ padding: 0.2, duration: 200 });
    const onKey = (e: KeyboardEvent) => {
      if (modalOpen()) return;
      if (historyKey(e)) return e.preventDefault();
      if (isEditable(e.target)) return;
      if (commandKey(e)) return e.preventDefault();
      // Enter, Space and arrows on a focused button or link are theirs.
      if ((e.target as HTMLElement | null)?.closest?.('button, a[href], summary, [role="button"]')) return;
      if (plainKey(e, fit)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    const stopClipboard = installClipboard();
    return () => {
      window.removeEventListener('keydown', onKey);
      stopClipboard();
    };
  }, [fitView]);
}
