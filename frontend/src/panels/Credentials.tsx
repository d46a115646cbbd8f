// The Credentials panel: list, create, edit, delete and test the named
// credentials nodes use. Secret inputs are write-only: they start empty,
// an empty one keeps the stored secret, and "Clear" erases it.
import { useEffect } from 'react';
import type { CredentialField, CredentialKindSpec } from '../api/types';
import {
  closeCredentials,
  deleteCredential,
  newCredential,
  saveDraft,
  selectCredential,
  testCredential,
} from '../stores/credentialActions';
import { toggleClear, withKind, type CredentialDraft } from '../stores/credentialModel';
import { specOf, useCredentials } from '../stores/credentials';

/** What a kind's test runs against, as an example. */
const TARGET_HINT: Record<string, string> = {
  basic: 'https://api.example.com/me',
  bearer: 'https://api.example.com/me',
  apikey: 'https://api.example.com/me',
  nats: 'nats://127.0.0.1:4222',
  kafka: '127.0.0.1:9092 (brokers, comma-separated)',
};

function CredentialList() {
  const list = useCredentials((s) => s.list);
  const current = useCredentials((s) => s.draft?.name);
  return (
    <section className="cred-list" aria-label="Stored credentials">
      <div className="section-head">
        <h3>Credentials</h3>
        <button type="button" className="btn small" data-testid="cred-new" onClick={newCredential}>
          New
        </button>
      </div>
      <ul>
        {list.length === 0 && <li className="muted">No credentials yet.</li>}
        {list.map((c) => (
          <li key={c.name}>
            <button
              type="button"
              className={`cred-item${c.name === current ? ' selected' : ''}`}
              data-testid={`cred-item-${c.name}`}
              onClick={() => selectCredential(c.name)}
            >
              <span className="cred-name">{c.name}</span>
              <span className="pill">{c.kind}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SecretInput({ field, draft, update }: FieldProps) {
  const stored = draft.secretsSet.includes(field.name);
  const clearing = draft.clear.includes(field.name);
  const placeholder = clearing ? 'will be cleared on save' : stored ? 'stored — type to replace' : '';
  return (
    <div className="cred-secret">
      <input
        id={`cred-field-${field.name}`}
        data-testid={`cred-field-${field.name}`}
        type="password"
        autoComplete="new-password"
        disabled={clearing}
        placeholder={placeholder}
        value={draft.fields[field.name] ?? ''}
        onChange={(e) => update({ ...draft, fields: { ...draft.fields, [field.name]: e.target.value } })}
      />
      {stored && !field.required && (
        <button type="button" className="btn small" data-testid={`cred-clear-${field.name}`} onClick={() => update(toggleClear(draft, field.name))}>
          {clearing ? 'Keep' : 'Clear'}
        </button>
      )}
    </div>
  );
}

interface FieldProps {
  field: CredentialField;
  draft: CredentialDraft;
  update(d: CredentialDraft): void;
}

function FieldInput(props: FieldProps) {
  const { field, draft, update } = props;
  if (field.secret) return <SecretInput {...props} />;
  const set = (v: string) => update({ ...draft, fields: { ...draft.fields, [field.name]: v } });
  const common = { id: `cred-field-${field.name}`, 'data-testid': `cred-field-${field.name}`, value: draft.fields[field.name] ?? '' };
  if (field.enum?.length) {
    return (
      <select {...common} onChange={(e) => set(e.target.value)}>
        {!field.required && <option value="">—</option>}
        {field.enum.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }
  return <input {...common} type="text" autoComplete="off" onChange={(e) => set(e.target.value)} />;
}

function TestSection({ spec, draft }: { spec: CredentialKindSpec; draft: CredentialDraft }) {
  const target = useCredentials((s) => s.target);
  const testing = useCredentials((s) => s.testing);
  const result = useCredentials((s) => s.testResult);
  const set = useCredentials((s) => s.set);
  if (!spec.test) return <p className="muted small">This kind cannot be tested on its own; a node using it will tell.</p>;
  const needsTarget = spec.test === 'url' || spec.test === 'server';
  return (
    <section className="cred-test" aria-label="Test connection">
      {needsTarget && (
        <input
          data-testid="cred-test-target"
          aria-label={spec.test === 'url' ? 'URL to test with' : 'Server to connect to'}
          placeholder={TARGET_HINT[spec.kind]}
          value={target}
          onChange={(e) => set({ target: e.target.value })}
        />
      )}
      <button
        type="button"
        className="btn small"
        data-testid="cred-test"
        disabled={draft.isNew || testing || (needsTarget && !target.trim())}
        title={draft.isNew ? 'Save the credential first' : 'Tests the saved credential'}
        onClick={() => void testCredential()}
      >
        {testing ? 'Testing…' : 'Test connection'}
      </button>
      {result && (
        <div className={`cred-result ${result.ok ? 'ok' : 'bad'}`} role="status" data-testid="cred-test-result">
          {result.ok ? '✓ ' : '✗ '}
          {result.message}
        </div>
      )}
    </section>
  );
}

function NameAndKind({ draft, update }: { draft: CredentialDraft; update(d: CredentialDraft): void }) {
  const kinds = useCredentials((s) => s.kinds);
  const spec = specOf(kinds, draft.kind);
  return (
    <>
      <div className="form-field">
        <label htmlFor="cred-name">Name</label>
        <input
          id="cred-name"
          data-testid="cred-name"
          value={draft.name}
          readOnly={!draft.isNew}
          autoComplete="off"
          onChange={(e) => update({ ...draft, name: e.target.value })}
        />
        {!draft.isNew && <div className="field-help">Nodes refer to the credential by this name.</div>}
      </div>
      <div className="form-field">
        <label htmlFor="cred-kind">Kind</label>
        <select
          id="cred-kind"
          data-testid="cred-kind"
          value={draft.kind}
          onChange={(e) => {
            const next = specOf(kinds, e.target.value);
            if (next) update(withKind(draft, next));
          }}
        >
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.title}
            </option>
          ))}
        </select>
        {spec && <div className="field-help">{spec.description}</div>}
      </div>
    </>
  );
}

function DraftForm({ draft }: { draft: CredentialDraft }) {
  const kinds = useCredentials((s) => s.kinds);
  const busy = useCredentials((s) => s.busy);
  const set = useCredentials((s) => s.set);
  const spec = specOf(kinds, draft.kind);
  const update = (d: CredentialDraft) => set({ draft: d });
  return (
    <form
      className="cred-form"
      data-testid="cred-form"
      onSubmit={(e) => {
        e.preventDefault();
        void saveDraft();
      }}
    >
      <NameAndKind draft={draft} update={update} />
      {spec?.fields.map((f) => (
        <div className="form-field" key={f.name}>
          <label htmlFor={`cred-field-${f.name}`}>
            {f.title || f.name}
            {f.required && <span className="required">*</span>}
          </label>
          <FieldInput field={f} draft={draft} update={update} />
          {f.description && <div className="field-help">{f.description}</div>}
        </div>
      ))}
      <div className="cred-actions">
        <button type="submit" className="btn primary" data-testid="cred-save" disabled={busy}>
          Save
        </button>
        {!draft.isNew && (
          <button type="button" className="btn danger" data-testid="cred-delete" onClick={() => void deleteCredential(draft.name)}>
            Delete
          </button>
        )}
      </div>
      {spec && <TestSection spec={spec} draft={draft} />}
    </form>
  );
}

export function CredentialsPanel() {
  const open = useCredentials((s) => s.open);
  const draft = useCredentials((s) => s.draft);
  const error = useCredentials((s) => s.error);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && closeCredentials();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!open) return null;
  return (
    <div className="mapping-backdrop">
      <div className="cred-modal" role="dialog" aria-modal="true" aria-label="Credentials" data-testid="credentials-panel">
        <header className="mapping-head">
          <h2>Credentials</h2>
          <span className="muted small">Encrypted on this machine; flows refer to them by name and never hold the secrets.</span>
          <button type="button" className="btn small" data-testid="cred-close" onClick={closeCredentials}>
            Done
          </button>
        </header>
        <div className="cred-body">
          <CredentialList />
          <div className="cred-detail">
            {error && (
              <div className="field-problem error" role="alert" data-testid="cred-error">
                {error}
              </div>
            )}
            {draft ? <DraftForm key={draft.isNew ? '' : draft.name} draft={draft} /> : <p className="muted">Choose a credential or create a new one.</p>}
          </div>
        </div>
      </div>
    </div>
  );
}
