// Native menu commands of the desktop window: the Go side emits a Wails
// event "menu:<command>" (with an optional argument) for each menu item.
// In a browser there are no native menus and onMenuCommand does nothing.

/** The commands the desktop menus send. */
export const MENU_COMMANDS = [
  'new', 'newFromTemplate', 'openRecent', 'save', 'exportBundle',
  'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll',
  'theme', 'zoomToFit', 'run', 'stop', 'guide', 'history',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

type Unsubscribe = () => void;

interface WailsRuntime {
  EventsOn(name: string, cb: (...data: unknown[]) => void): Unsubscribe | void;
}

/** onMenuCommand calls cb for every native menu command until unsubscribed. */
export function onMenuCommand(cb: (cmd: MenuCommand, arg?: unknown) => void): Unsubscribe {
  const rt = (window as unknown as { runtime?: WailsRuntime }).runtime;
  if (!rt?.EventsOn) return () => {};
  const offs = MENU_COMMANDS.map((cmd) => rt.EventsOn(`menu:${cmd}`, (arg?: unknown) => cb(cmd, arg)));
  return () => offs.forEach((off) => typeof off === 'function' && off());
}
