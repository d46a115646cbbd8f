// Samples: paste text, pick a format, load a file, save/load named
// samples stored with the flow, or take the node's input from the last run.
import { SAMPLE_FORMATS, type SampleFormat } from '../api/types';
import { useMapping } from '../stores/mapping';
import {
  deleteSample,
  loadSampleFile,
  loadSavedSample,
  sampleFromLastRun,
  saveSample,
} from '../stores/mappingActions';
import { useRun } from '../stores/run';

export function SamplesPanel() {
  const sample = useMapping((s) => s.sample);
  const saved = useMapping((s) => s.saved);
  const setSample = useMapping((s) => s.setSample);
  const runId = useRun((s) => s.runId);
  const parseError = useMapping((s) => s.preview?.parseError);
  return (
    <div className="sample-box" data-testid="samples">
      <div className="samples-bar">
        <select
          data-testid="sample-format"
          aria-label="Sample format"
          value={sample.format}
          onChange={(e) => setSample({ format: e.target.value as SampleFormat })}
        >
          {SAMPLE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <label className="btn small file-btn">
          Load file…
          <input
            type="file"
            data-testid="sample-file"
            accept=".csv,.tsv,.json,.ndjson,.jsonl,.xml,.txt"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void loadSampleFile(f);
              e.target.value = '';
            }}
          />
        </label>
        <button
          type="button"
          className="btn small"
          data-testid="sample-from-run"
          disabled={!runId}
          title={runId ? 'Use the messages this node received in the last run' : 'Run the flow first'}
          onClick={() => void sampleFromLastRun()}
        >
          From last run
        </button>
      </div>
      <textarea
        className="code sample-text"
        data-testid="sample-text"
        aria-label="Sample records"
        spellCheck={false}
        placeholder={'Paste records: a JSON array, NDJSON, CSV with a header, or XML'}
        value={sample.text}
        onChange={(e) => setSample({ text: e.target.value })}
      />
      {parseError && (
        <div className="field-problem error" role="alert" data-testid="sample-parse-error">
          {parseError}
        </div>
      )}
      <div className="samples-bar">
        <input
          data-testid="sample-name"
          aria-label="Sample name"
          value={sample.name}
          onChange={(e) => setSample({ name: e.target.value })}
        />
        <button type="button" className="btn small" data-testid="sample-save" disabled={!sample.text.trim()} onClick={() => void saveSample()}>
          Save
        </button>
        <select
          data-testid="sample-saved"
          aria-label="Saved samples"
          value=""
          disabled={saved.length === 0}
          onChange={(e) => e.target.value && loadSavedSample(e.target.value)}
        >
          <option value="">{saved.length ? `Load saved (${saved.length})…` : 'No saved samples'}</option>
          {saved.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({s.format})
            </option>
          ))}
        </select>
        {saved.some((s) => s.name === sample.name) && (
          <button
            type="button"
            className="icon-btn"
            data-testid="sample-delete"
            title={`Delete the saved sample "${sample.name}"`}
            onClick={() => void deleteSample(sample.name)}
          >
            🗑
          </button>
        )}
      </div>
    </div>
  );
}
