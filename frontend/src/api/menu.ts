// Native menu commands of the desktop window: the Go side emits a Wails
// event "menu:<command>" (with an optional argument) for each menu item.
// In a browser there are no native menus and onMenuCommand does nothing.

/** The commands the desktop menus send. */
export const MENU_COMMANDS = [
  'new', 'newFromTemplate', 'openRecent', 'save', 'exportBundle',
  'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll',
  'theme', 'zoomToFit', 'run', 'stop', 'guide', 'history', 'makeSubflow',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

type Unsubscribe = () => void;

interface WailsRuntime {
  EventsOn(name: string, cb: (...data: unknown[]) => void): Unsubscribe | void;
  ClipboardGetText(): Promise<string>;
  ClipboardSetText(text: string): Promise<boolean>;
}

function runtime(): WailsRuntime | undefined {
  return (window as unknown as { runtime?: WailsRuntime }).runtime;
}

/** onMenuCommand calls cb for every native menu command until unsubscribed. */
export function onMenuCommand(cb: (cmd: MenuCommand, arg?: unknown) => void): Unsubscribe {
  const rt = runtime();
  if (!rt?.EventsOn) return () => {};
  const offs = MENU_COMMANDS.map((cmd) => rt.EventsOn(`menu:${cmd}`, (arg?: unknown) => cb(cmd, arg)));
  return () => offs.forEach((off) => typeof off === 'function' && off());
}

/**
 * clipboard is the system clipboard: the desktop window's native one (the
 * menu accelerators take Ctrl+C/V before the page sees them), else the
 * browser's.
 */
export const clipboard = {
  readText: (): Promise<string> => runtime()?.ClipboardGetText?.() ?? navigator.clipboard.readText(),
  writeText: async (text: string): Promise<void> => {
    const rt = runtime();
    if (rt?.ClipboardSetText) await rt.ClipboardSetText(text);
    else await navigator.clipboard.writeText(text);
  },
};
