// A target's expression in CodeMirror 6: JavaScript highlighting,
// completion of source paths and helpers, and the preview's errors as lint
// diagnostics at their line and column.
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import type { Diagnostic } from './diagnostics';
import { followTheme } from './editorTheme';
import { completeAt } from './helpers';

export interface ExprEditorProps {
  value: string;
  onChange(value: string): void;
  sourcePaths: string[];
  diagnostics: Diagnostic[];
  placeholder?: string;
}

export function ExprEditor({ value, onChange, sourcePaths, diagnostics, placeholder }: ExprEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, sourcePaths });
  latest.current = { onChange, sourcePaths };

  useEffect(() => {
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      const r = completeAt(ctx.state.doc.toString(), ctx.pos, latest.current.sourcePaths, ctx.explicit);
      return r && r.options.length > 0 ? { from: r.from, options: r.options, validFor: /^[\w$.]*$/ } : null;
    };
    const theme = followTheme();
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          javascript(),
          theme.extension,
          bracketMatching(),
          autocompletion({ override: [complete], activateOnTyping: true }),
          lintGutter(),
          EditorView.lineWrapping,
          placeholderExt(placeholder ?? ''),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    const stopTheme = theme.attach(v);
    return () => {
      stopTheme();
      v.destroy();
      view.current = null;
    };
    // The editor is created once per mount; the parent remounts it per target.
  }, []);

  // A change from outside (a path dropped on this target clears its expression) replaces the text.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const len = v.state.doc.length;
    const clamped = diagnostics.map((d) => ({ ...d, from: Math.min(d.from, len), to: Math.min(d.to, len) }));
    v.dispatch(setDiagnostics(v.state, clamped));
  }, [diagnostics]);

  return <div className="expr-editor" data-testid="expr-editor" ref={host} />;
}
