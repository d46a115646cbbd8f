import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport } from '../api/client';
import type { Field } from '../api/types';
import { useCredentials } from '../stores/credentials';
import { fakeCredentialService } from '../testdata/credentials';
import { ConfigForm } from './ConfigForm';

const fields: Field[] = [{ name: 'credential', title: 'Credential', type: 'string', editor: 'credential' }];
const initial = useCredentials.getState();

async function renderForm(config: Record<string, unknown>, onChange = vi.fn()) {
  const svc = fakeCredentialService([
    { name: 'shop', kind: 'basic', fields: { username: 'ada' }, secrets: { password: 'hunter2' } },
    { name: 'crm', kind: 'apikey', fields: { in: 'header' }, secrets: { key: 'k' } },
  ]);
  setTransport(svc.t);
  await act(async () => {
    render(<ConfigForm fields={fields} config={config} onChange={onChange} />);
  });
  return { svc, onChange };
}

describe('credential fields', () => {
  beforeEach(() => useCredentials.setState(initial, true));
  afterEach(() => setTransport(null));

  it('offers the stored credential names, never secrets', async () => {
    await renderForm({});
    const select = screen.getByTestId('field-credential') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    const labels = [...select.options].map((o) => o.textContent);
    expect(labels).toEqual(['— none —', 'crm (apikey)', 'shop (basic)']);
    expect(document.body.innerHTML).not.toContain('hunter2');
  });

  it('sets the config to the chosen name and unsets it with none', async () => {
    const { onChange } = await renderForm({});
    fireEvent.change(screen.getByTestId('field-credential'), { target: { value: 'shop' } });
    expect(onChange).toHaveBeenLastCalledWith({ credential: 'shop' });
  });

  it('marks a name no stored credential has', async () => {
    await renderForm({ credential: 'gone' });
    const select = screen.getByTestId('field-credential') as HTMLSelectElement;
    expect(select.value).toBe('gone');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(select.selectedOptions[0].textContent).toBe('gone (missing)');
  });

  it('opens the Credentials panel at the chosen credential', async () => {
    await renderForm({ credential: 'shop' });
    await act(async () => fireEvent.click(screen.getByTestId('manage-credential')));
    expect(useCredentials.getState().open).toBe(true);
    expect(useCredentials.getState().draft?.name).toBe('shop');
  });
});
