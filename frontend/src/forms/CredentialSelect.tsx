// A config field naming a credential (editor "credential"): a choice of the
// stored credential names, never a secret, and a shortcut to the panel.
import { useEffect } from 'react';
import { loadCredentials, openCredentials } from '../stores/credentialActions';
import { useCredentials } from '../stores/credentials';
import type { InputProps } from './inputs';

export function CredentialSelect({ field, value, onChange, invalid }: InputProps) {
  const list = useCredentials((s) => s.list);
  const loaded = useCredentials((s) => s.loaded);
  useEffect(() => {
    if (!loaded) void loadCredentials();
  }, [loaded]);
  const current = typeof value === 'string' ? value : '';
  const missing = current !== '' && loaded && !list.some((c) => c.name === current);
  return (
    <div className="credential-input">
      <select
        id={`field-${field.name}`}
        data-testid={`field-${field.name}`}
        aria-invalid={invalid || missing}
        value={current}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">{field.required ? 'Choose a credential…' : '— none —'}</option>
        {missing && <option value={current}>{current} (missing)</option>}
        {!loaded && current !== '' && <option value={current}>{current}</option>}
        {list.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.kind})
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn small"
        data-testid={`manage-${field.name}`}
        title="Open the Credentials panel"
        onClick={() => void openCredentials(current && !missing ? current : undefined)}
      >
        Manage…
      </button>
    </div>
  );
}
