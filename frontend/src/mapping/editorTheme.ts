// CodeMirror follows the Studio theme: light uses CodeMirror's default
// highlighting, dark uses One Dark. Editors hold the theme in a
// compartment and are reconfigured when the theme changes.
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import type { EditorView } from '@codemirror/view';
import { currentTheme, effectiveTheme, useTheme, type Theme } from '../stores/theme';

export function themeExtension(theme: Theme): Extension {
  return theme === 'dark' ? oneDark : syntaxHighlighting(defaultHighlightStyle, { fallback: true });
}

/**
 * followTheme returns the extension to put in an editor's state and a
 * function that starts reconfiguring view on theme changes (and returns
 * its stop function).
 */
export function followTheme(): { extension: Extension; attach(view: EditorView): () => void } {
  const slot = new Compartment();
  return {
    extension: slot.of(themeExtension(currentTheme())),
    attach: (view) =>
      useTheme.subscribe((s, prev) => {
        const t = effectiveTheme(s.pref, s.system);
        if (t !== effectiveTheme(prev.pref, prev.system)) view.dispatch({ effects: slot.reconfigure(themeExtension(t)) });
      }),
  };
}
