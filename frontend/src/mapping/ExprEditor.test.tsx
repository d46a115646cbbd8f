import { EditorView } from '@codemirror/view';
import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ExprEditor } from './ExprEditor';

function viewOf(container: HTMLElement): EditorView {
  const el = container.querySelector('.cm-editor') as HTMLElement;
  const v = EditorView.findFromDOM(el);
  if (!v) throw new Error('no editor view');
  return v;
}

describe('ExprEditor', () => {
  it('reports typed text and takes new values from outside', () => {
    const onChange = vi.fn();
    const props = { sourcePaths: ['name'], diagnostics: [], onChange };
    const { container, rerender } = render(<ExprEditor value="up" {...props} />);
    const v = viewOf(container);
    act(() => v.dispatch({ changes: { from: 2, insert: 'per(name)' } }));
    expect(onChange).toHaveBeenLastCalledWith('upper(name)');
    rerender(<ExprEditor value="lower(name)" {...props} />);
    expect(v.state.doc.toString()).toBe('lower(name)');
  });

  it('marks the diagnostics in the text', () => {
    const { container } = render(
      <ExprEditor
        value="upper(nme)"
        sourcePaths={[]}
        onChange={() => {}}
        diagnostics={[{ from: 6, to: 9, severity: 'error', message: 'nme is not defined' }]}
      />,
    );
    const mark = container.querySelector('.cm-lintRange-error');
    expect(mark?.textContent).toBe('nme');
  });
});
