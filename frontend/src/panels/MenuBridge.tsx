// Default handlers of the native menu commands (desktop window). Other
// parts of the UI replace the ones they own with registerMenuHandler;
// Edit commands fall back to the focused text field's own editing.
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import type { MenuCommand, ThemePref } from '../api';
import { newFlow, openFlow, saveFlow } from '../stores/actions';
import { openExport } from '../stores/bundleActions';
import { openHistory } from '../stores/history';
import { listenForMenus, registerMenuHandler, textFieldCommand } from '../stores/menu';
import { cancelRun, runFlow } from '../stores/runner';
import { chooseTheme } from '../stores/theme';
import { openGallery } from '../stores/workspaceActions';

const textCommands = ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'] as const;

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
      ...textCommands.map((cmd) => [cmd, () => void textFieldCommand(cmd)] as [MenuCommand, () => void]),
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
