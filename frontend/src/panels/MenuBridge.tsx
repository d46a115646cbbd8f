// Default handlers of the native menu commands (desktop window). Other
// parts of the UI replace the ones they own with registerMenuHandler;
// Edit commands edit the focused text field, else the canvas selection.
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import type { MenuCommand, ThemePref } from '../api';
import { copySelection, cutSelection, modalOpen, pasteFromSystem } from '../canvas/clipboardIO';
import { makeSubflowFromSelection } from '../canvas/subflowActions';
import { newFlow, openFlow, saveFlow } from '../stores/actions';
import { openExport } from '../stores/bundleActions';
import { openHistory } from '../stores/versions';
import { listenForMenus, registerMenuHandler, textFieldCommand } from '../stores/menu';
import { useEditor } from '../stores/editor';
import { cancelRun, runFlow } from '../stores/runner';
import { chooseTheme } from '../stores/theme';
import { openGallery } from '../stores/workspaceActions';

const textCommands = ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'] as const;
type TextCommand = (typeof textCommands)[number];

/** canvasEdit is what an Edit command does on the canvas when no text field has focus. */
const canvasEdit: Record<TextCommand, () => void> = {
  undo: () => useEditor.getState().undo(),
  redo: () => useEditor.getState().redo(),
  cut: () => void cutSelection(),
  copy: () => void copySelection(),
  paste: () => void pasteFromSystem(),
  selectAll: () => {
    const ed = useEditor.getState();
    ed.selectIds(ed.nodes.map((n) => n.id));
  },
};

/** editCommand edits the focused text field, else the canvas (not under a dialog). */
async function editCommand(cmd: TextCommand): Promise<void> {
  if ((await textFieldCommand(cmd)) || modalOpen()) return;
  canvasEdit[cmd]();
}

function isTheme(v: unknown): v is ThemePref {
  return v === 'system' || v === 'light' || v === 'dark';
}

export function MenuBridge() {
  const flow = useReactFlow();
  useEffect(() => {
    const defaults: [MenuCommand, (arg?: unknown) => void][] = [
      ['new', newFlow],
      ['newFromTemplate', openGallery],
      ['guide', openGallery],
      ['openRecent', (id) => typeof id === 'string' && void openFlow(id)],
      ['save', () => void saveFlow()],
      ['exportBundle', openExport],
      ['theme', (t) => isTheme(t) && void chooseTheme(t)],
      ['zoomToFit', () => void flow.fitView({ padding: 0.2 })],
      ['run', () => void runFlow()],
      ['stop', () => void cancelRun()],
      ['history', () => void openHistory()],
      ['makeSubflow', () => !modalOpen() && void makeSubflowFromSelection()],
      ...textCommands.map((cmd) => [cmd, () => void editCommand(cmd)] as [MenuCommand, () => void]),
    ];
    const undo = defaults.map(([cmd, fn]) => registerMenuHandler(cmd, fn));
    const stop = listenForMenus();
    return () => {
      stop();
      undo.forEach((u) => u());
    };
  }, [flow]);
  return null;
}
