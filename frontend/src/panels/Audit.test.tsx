import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport, type Transport } from '../api/client';
import type { AuditEntry, AuditReport } from '../api/types';
import { openAudit, useAudit } from '../stores/audit';
import { AuditPanel } from './Audit';

const entry = (seq: number, over: Partial<AuditEntry>): AuditEntry => ({
  seq, time: 1_700_000_000_000, actor: 'ada', action: 'flow.save', kind: 'flow', target: 'flow-1',
  prev: '', hash: 'h' + seq, ...over,
});

function serve(report: AuditReport): string[] {
  const calls: string[] = [];
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push(`${method} ${JSON.stringify(args)}`);
      if (method === 'ListAudit') return [entry(2, { actor: 'bob', action: 'credential.save', kind: 'credential', target: 'shop', after: 'abcdef0123' }), entry(1, {})];
      if (method === 'VerifyAudit') return report;
      throw new Error(`unexpected ${method}`);
    },
  };
  setTransport(t);
  return calls;
}

describe('AuditPanel', () => {
  afterEach(() => {
    setTransport(null);
    useAudit.setState({ open: false, entries: [], report: null, error: null });
  });

  it('lists the newest entries with who, what and short digests', async () => {
    const calls = serve({ entries: 2, head: 'h2', problems: [] });
    render(<AuditPanel />);
    await openAudit();
    const row = await screen.findByTestId('audit-entry-2');
    expect(row.textContent).toContain('bob');
    expect(row.textContent).toContain('credential.save');
    expect(row.textContent).toContain('— → abcdef01');
    expect(calls[0]).toBe('ListAudit [200]');
    fireEvent.click(screen.getByTestId('audit-verify'));
    expect((await screen.findByTestId('audit-verified')).textContent).toContain('2 entries');
  });

  it('names the entries that break the chain', async () => {
    serve({ entries: 2, head: 'h2', problems: [{ seq: 2, reason: 'was edited: its content does not match its hash' }] });
    render(<AuditPanel />);
    await openAudit();
    fireEvent.click(await screen.findByTestId('audit-verify'));
    await waitFor(() => expect(screen.getByTestId('audit-problems').textContent).toContain('entry 2 was edited'));
  });
});
