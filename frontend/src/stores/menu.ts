// Native menu commands (src/api/menu) go through one handler map, so each
// part of the UI fills in the commands it owns: registerMenuHandler('undo',
// fn) replaces the default and returns a function restoring it.
import { onMenuCommand, type MenuCommand } from '../api';

type Handler = (arg?: unknown) => void;

const handlers = new Map<MenuCommand, Handler>();

/** registerMenuHandler makes fn handle cmd until the returned function is called. */
export function registerMenuHandler(cmd: MenuCommand, fn: Handler): () => void {
  const before = handlers.get(cmd);
  handlers.set(cmd, fn);
  return () => {
    if (handlers.get(cmd) !== fn) return;
    if (before) handlers.set(cmd, before);
    else handlers.delete(cmd);
  };
}

/** dispatchMenu runs the handler of cmd; it reports whether there was one. */
export function dispatchMenu(cmd: MenuCommand, arg?: unknown): boolean {
  const fn = handlers.get(cmd);
  if (!fn) return false;
  fn(arg);
  return true;
}

/** listenForMenus dispatches native menu commands until stopped. */
export function listenForMenus(): () => void {
  return onMenuCommand((cmd, arg) => {
    dispatchMenu(cmd, arg);
  });
}
