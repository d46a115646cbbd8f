import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport } from '../api/client';
import type { CredentialInput } from '../api/types';
import { openCredentials, selectCredential } from '../stores/credentialActions';
import { useCredentials } from '../stores/credentials';
import { fakeCredentialService, kafkaKind } from '../testdata/credentials';
import { CredentialsPanel } from './Credentials';

const initial = useCredentials.getState();

function setup(existing: Parameters<typeof fakeCredentialService>[0] = []) {
  const svc = fakeCredentialService(existing);
  setTransport(svc.t);
  render(<CredentialsPanel />);
  return svc;
}

const saves = (svc: ReturnType<typeof fakeCredentialService>) =>
  svc.calls.filter((c) => c.method === 'SaveCredential').map((c) => c.args[0] as CredentialInput);

const shop = { name: 'shop', kind: 'basic' as const, fields: { username: 'ada' }, secrets: { password: 'hunter2' } };

describe('Credentials panel', () => {
  beforeEach(() => useCredentials.setState(initial, true));
  afterEach(() => setTransport(null));

  it('lists stored credentials with their kind', async () => {
    setup([shop]);
    await act(() => openCredentials());
    expect(screen.getByTestId('credentials-panel')).toBeTruthy();
    expect(screen.getByTestId('cred-item-shop').textContent).toContain('basic');
  });

  it('creates a credential from the kind form', async () => {
    const svc = setup();
    await act(() => openCredentials());
    fireEvent.click(screen.getByTestId('cred-new'));
    fireEvent.change(screen.getByTestId('cred-name'), { target: { value: 'crm' } });
    fireEvent.change(screen.getByTestId('cred-kind'), { target: { value: 'apikey' } });
    expect(screen.getByTestId('cred-field-in')).toHaveProperty('value', 'header');
    expect(screen.getByTestId('cred-field-key')).toHaveProperty('type', 'password');
    fireEvent.change(screen.getByTestId('cred-field-key'), { target: { value: 's3cret' } });
    await act(async () => fireEvent.click(screen.getByTestId('cred-save')));
    expect(saves(svc)).toEqual([{ name: 'crm', kind: 'apikey', fields: { key: 's3cret', in: 'header', name: 'X-API-Key' } }]);
    await screen.findByTestId('cred-item-crm');
    expect(screen.getByTestId('cred-field-key')).toHaveProperty('value', '');
    expect(screen.getByTestId('cred-field-key').getAttribute('placeholder')).toContain('stored');
    expect(screen.getByTestId('cred-name')).toHaveProperty('readOnly', true);
  });

  it('keeps a stored secret when its input is left empty, and clears it on request', async () => {
    const svc = setup([shop]);
    await act(() => openCredentials('shop'));
    expect(screen.getByTestId('cred-field-username')).toHaveProperty('value', 'ada');
    expect(screen.getByTestId('cred-field-password')).toHaveProperty('value', '');
    fireEvent.change(screen.getByTestId('cred-field-username'), { target: { value: 'bob' } });
    await act(async () => fireEvent.click(screen.getByTestId('cred-save')));
    expect(saves(svc)[0]).toEqual({ name: 'shop', kind: 'basic', fields: { username: 'bob' } });
    expect(svc.store.get('shop')?.fields.password).toBe('hunter2');

    fireEvent.click(screen.getByTestId('cred-clear-password'));
    expect(screen.getByTestId('cred-field-password')).toHaveProperty('disabled', true);
    await act(async () => fireEvent.click(screen.getByTestId('cred-save')));
    expect(saves(svc)[1].clear).toEqual(['password']);
    expect(svc.store.get('shop')?.fields.password).toBeUndefined();
  });

  it('refuses to save with a required field empty, naming it', async () => {
    const svc = setup();
    await act(() => openCredentials());
    fireEvent.click(screen.getByTestId('cred-new'));
    fireEvent.change(screen.getByTestId('cred-name'), { target: { value: 'x' } });
    await act(async () => fireEvent.click(screen.getByTestId('cred-save')));
    expect(screen.getByTestId('cred-error').textContent).toContain('Username');
    expect(saves(svc)).toEqual([]);
  });

  it('tests the saved credential against a URL and shows the verdict', async () => {
    const svc = setup([shop]);
    await act(() => openCredentials('shop'));
    const button = screen.getByTestId('cred-test');
    expect(button).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('cred-test-target'), { target: { value: 'http://127.0.0.1:9/me' } });
    await act(async () => fireEvent.click(button));
    expect(svc.calls.find((c) => c.method === 'TestCredential')?.args).toEqual(['shop', 'http://127.0.0.1:9/me']);
    expect(screen.getByTestId('cred-test-result').textContent).toContain('HTTP 200 OK');
  });

  it('tests Kafka against the brokers typed in', async () => {
    const svc = setup([{ name: 'q', kind: 'kafka', fields: { mechanism: 'plain', username: 'u' } }]);
    await act(() => openCredentials('q'));
    expect(screen.getByTestId('cred-test-target').getAttribute('placeholder')).toContain('brokers');
    fireEvent.change(screen.getByTestId('cred-test-target'), { target: { value: '127.0.0.1:9092' } });
    await act(async () => fireEvent.click(screen.getByTestId('cred-test')));
    expect(svc.calls.find((c) => c.method === 'TestCredential')?.args).toEqual(['q', '127.0.0.1:9092']);
  });

  it('cannot test a kind without a test', async () => {
    setup([{ name: 'q', kind: 'kafka', fields: { mechanism: 'plain', username: 'u' } }]);
    await act(() => openCredentials());
    useCredentials.setState({ kinds: [{ ...kafkaKind, test: '' }] });
    act(() => selectCredential('q'));
    expect(screen.queryByTestId('cred-test')).toBeNull();
    expect(screen.getByText(/cannot be tested/)).toBeTruthy();
  });

  it('deletes after confirmation and shows service errors', async () => {
    const svc = setup([shop]);
    await act(() => openCredentials('shop'));
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    await act(async () => fireEvent.click(screen.getByTestId('cred-delete')));
    expect(confirm).toHaveBeenCalled();
    confirm.mockRestore();
    await waitFor(() => expect(screen.queryByTestId('cred-item-shop')).toBeNull());
    expect(svc.store.size).toBe(0);

    fireEvent.click(screen.getByTestId('cred-new'));
    fireEvent.change(screen.getByTestId('cred-name'), { target: { value: 'y' } });
    fireEvent.change(screen.getByTestId('cred-field-username'), { target: { value: 'u' } });
    svc.failWith('the credentials key file is missing');
    await act(async () => fireEvent.click(screen.getByTestId('cred-save')));
    expect(screen.getByTestId('cred-error').textContent).toContain('key file is missing');
  });

  it('closes with Done', async () => {
    setup();
    await act(() => openCredentials());
    fireEvent.click(screen.getByTestId('cred-close'));
    expect(screen.queryByTestId('credentials-panel')).toBeNull();
  });
});
