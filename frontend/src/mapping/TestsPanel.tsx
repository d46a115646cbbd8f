// Test cases saved with the mapping: input → expected output. Run them in
// the engine and show each green or red with a field-level diff.
import { useEffect, useState } from 'react';
import type { MappingTestCase, MappingTestResult } from '../api/types';
import { useMapping } from '../stores/mapping';
import { runTests } from '../stores/mappingActions';
import { parseJSONText, removeTest, resultFor, testSummary, updateTest } from './model';
import { cellText } from './preview';

function ExpectedInput({ index, value }: { index: number; value: unknown }) {
  const edit = useMapping((s) => s.edit);
  const pretty = (v: unknown) => JSON.stringify(v, null, 2);
  const [text, setText] = useState(pretty(value));
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => {
      const p = parseJSONText(t);
      return p.ok && JSON.stringify(p.value) === JSON.stringify(value) ? t : pretty(value);
    });
  }, [value]);
  return (
    <>
      <textarea
        className="code"
        data-testid={`test-expected-${index}`}
        aria-label="Expected output"
        aria-invalid={bad !== null}
        spellCheck={false}
        rows={Math.min(10, Math.max(3, text.split('\n').length))}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const p = parseJSONText(e.target.value);
          setBad(p.ok ? null : p.error);
          if (p.ok) edit((m) => updateTest(m, index, { expected: p.value }));
        }}
      />
      {bad && <div className="field-note">Not valid JSON yet: {bad}</div>}
    </>
  );
}

function TestCaseView({ tc, index, result }: { tc: MappingTestCase; index: number; result?: MappingTestResult }) {
  const edit = useMapping((s) => s.edit);
  const state = result ? (result.passed ? 'passed' : 'failed') : 'not-run';
  return (
    <li className={`test-case test-${state}`} data-testid={`test-${index}`}>
      <div className="test-head">
        <span className={`pill pill-${state === 'passed' ? 'succeeded' : state === 'failed' ? 'failed' : 'idle'}`} data-testid={`test-status-${index}`}>
          {state === 'not-run' ? 'not run' : state}
        </span>
        <input
          data-testid={`test-name-${index}`}
          aria-label="Test name"
          value={tc.name}
          onChange={(e) => edit((m) => updateTest(m, index, { name: e.target.value }))}
        />
        <button type="button" className="icon-btn" data-testid={`test-remove-${index}`} aria-label={`Remove test ${tc.name}`} onClick={() => edit((m) => removeTest(m, index))}>
          ×
        </button>
      </div>
      <div className="test-body">
        <div>
          <div className="muted small">Input</div>
          <pre className="sample">{JSON.stringify(tc.input, null, 2)}</pre>
        </div>
        <div>
          <div className="muted small">Expected output</div>
          <ExpectedInput index={index} value={tc.expected} />
        </div>
      </div>
      {result && !result.passed && (result.errors ?? []).length > 0 && (
        <ul className="expr-errors" data-testid={`test-errors-${index}`}>
          {(result.errors ?? []).map((e, i) => (
            <li key={i} className="field-problem error">
              {e.target}: {e.line ? `line ${e.line}, column ${e.column}: ` : ''}
              {e.message}
            </li>
          ))}
        </ul>
      )}
      {result && !result.passed && (result.diffs ?? []).length > 0 && (
        <table className="run-table diff-table" data-testid={`test-diff-${index}`}>
          <thead>
            <tr>
              <th>Field</th>
              <th>Expected</th>
              <th>Actual</th>
            </tr>
          </thead>
          <tbody>
            {(result.diffs ?? []).map((d, i) => (
              <tr key={i}>
                <td className="mono">{d.path}</td>
                <td className="mono expected">{d.missing === 'expected' ? '(missing)' : cellText(d.expected)}</td>
                <td className="mono actual">{d.missing === 'actual' ? '(missing)' : cellText(d.actual)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

export function TestsPanel() {
  const tests = useMapping((s) => s.mapping.tests ?? []);
  const results = useMapping((s) => s.testResults);
  const running = useMapping((s) => s.testsRunning);
  const error = useMapping((s) => s.testsError);
  const sum = testSummary(results);
  return (
    <div className="tests" data-testid="tests">
      <div className="samples-bar">
        <button type="button" className="btn small" data-testid="tests-run" disabled={tests.length === 0 || running} onClick={() => void runTests()}>
          {running ? 'Running…' : '▶ Run tests'}
        </button>
        {results && (
          <span className={sum.failed ? 'sev-error' : 'ok'} data-testid="tests-summary">
            {sum.passed} passed, {sum.failed} failed
          </span>
        )}
        {error && <span className="sev-error">{error}</span>}
      </div>
      {tests.length === 0 ? (
        <p className="muted pad">No test cases yet. Add one from a preview row with “+ Test”.</p>
      ) : (
        <ul className="test-list">
          {tests.map((tc, i) => (
            <TestCaseView key={i} tc={tc} index={i} result={resultFor(tests, results, i)} />
          ))}
        </ul>
      )}
    </div>
  );
}
