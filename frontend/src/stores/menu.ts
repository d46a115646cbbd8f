// Native menu commands (src/api/menu) go through one handler map, so each
// part of the UI fills in the commands it owns: registerMenuHandler('undo',
// fn) replaces the default and returns a function restoring it.
import { clipboard, onMenuCommand, type MenuCommand } from '../api';

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

type TextCommand = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll';

/** isTextField reports whether el is a place where text is typed. */
export function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement | HTMLElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'file', 'range', 'color'].includes(el.type);
  return (el as HTMLElement).isContentEditable;
}

/**
 * textFieldCommand applies an Edit command to the focused text field (the
 * native menus take its keys first) and reports whether one had focus.
 * Handlers for canvas editing call it first.
 */
export async function textFieldCommand(cmd: TextCommand): Promise<boolean> {
  const el = document.activeElement;
  if (!isTextField(el)) return false;
  const selected = window.getSelection()?.toString() ||
    (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement
      ? el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0)
      : '');
  switch (cmd) {
    case 'copy':
      await clipboard.writeText(selected);
      break;
    case 'cut':
      await clipboard.writeText(selected);
      document.execCommand('delete');
      break;
    case 'paste':
      document.execCommand('insertText', false, await clipboard.readText());
      break;
    default:
      document.execCommand(cmd);
  }
  return true;
}
