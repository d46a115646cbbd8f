import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTransport, type Transport } from '../api/client';
import type { UsageReport, UsageSettings } from '../api/types';
import { useEditor } from '../stores/editor';
import { costOf, emptySettings, newRule, openUsage, useUsage } from '../stores/usage';
import { fakeService } from '../testdata/transport';
import { UsagePanel } from './Usage';

const report: UsageReport = {
  flowId: 'f1', resolution: 'day', currency: 'EUR', cost: 1.04, monthCost: 1.04, budgetUsed: 0.104,
  total: { runs: 2, failedRuns: 0, messages: 4, bytes: 0, errors: 2, durationMs: 40, maxDurationMs: 30 },
  points: [
    { start: Date.UTC(2026, 2, 1), node: '', runs: 2, failedRuns: 0, messages: 4, bytes: 2048, errors: 2, durationMs: 40, maxDurationMs: 30 },
    { start: Date.UTC(2026, 2, 1), node: 'n2', runs: 0, failedRuns: 0, messages: 0, bytes: 0, errors: 2, durationMs: 10, maxDurationMs: 5 },
  ],
};

function serve(settings: UsageSettings): { method: string; args: unknown[] }[] {
  const calls: { method: string; args: unknown[] }[] = [];
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push({ method, args });
      if (method === 'UsageReport') return report;
      if (method === 'GetUsageSettings') return settings;
      if (method === 'ListAlerts') return [{ id: '1', state: 'resolved', resolvedAt: 2, rule: 'errors', flowId: 'f1', metric: 'errorRate', value: 0.5, threshold: 0.1, at: 1, message: 'flow f1: errorRate is 0.5' }];
      if (method === 'SaveUsageSettings') {
        settings = args[0] as UsageSettings;
        return null;
      }
      throw new Error(`unexpected ${method}`);
    },
  };
  setTransport(t);
  return calls;
}

describe('UsagePanel', () => {
  beforeEach(() => {
    useEditor.getState().load({ formatVersion: 2, id: 'f1', name: 'F', nodes: [], edges: [] });
  });
  afterEach(() => {
    setTransport(null);
    useUsage.setState({ open: false, report: null, settings: emptySettings, alerts: [], error: null, saved: false });
  });

  it('shows the flow’s usage, cost, budget share and fired alerts', async () => {
    const calls = serve({ ...emptySettings, prices: { perRun: 0.5, perMessage: 0.01, perGB: 0, currency: 'EUR', monthlyBudget: 10 } });
    render(<UsagePanel />);
    await openUsage();
    const summary = await screen.findByTestId('usage-summary');
    expect(summary.textContent).toContain('2 runs');
    expect(summary.textContent).toContain('1.04 EUR');
    expect(screen.getByTestId('usage-budget').textContent).toBe('10% of budget');
    expect(screen.getByTestId('usage-table').querySelectorAll('tbody tr')).toHaveLength(1);
    // the charts load lazily: the first import of the chart library can take seconds on a loaded machine
    const chart = await screen.findByTestId('usage-chart', {}, { timeout: 20_000 });
    expect([...chart.querySelectorAll('figcaption')].map((c) => c.textContent)).toEqual(['Runs, messages and errors', 'Cost (EUR)']);
    expect(chart.textContent).not.toContain('No runs in this period.');
    expect(screen.getByTestId('usage-alerts').textContent).toContain('errorRate is 0.5');
    expect(screen.getByTestId('usage-alert-resolved').textContent).toContain('resolved');
    expect(calls.find((c) => c.method === 'UsageReport')?.args.slice(0, 2)).toEqual(['f1', 'day']);
  });

  it('shows an empty chart and no table when the period has no runs', async () => {
    fakeService({ UsageReport: () => ({ ...report, points: [] }), GetUsageSettings: () => emptySettings, ListAlerts: () => [] });
    render(<UsagePanel />);
    await openUsage();
    const chart = await screen.findByTestId('usage-chart');
    expect(chart.textContent).toBe('No runs in this period.');
    expect(chart.querySelector('figure')).toBeNull();
    expect(screen.queryByTestId('usage-table')).toBeNull();
  });

  it('saves prices and a new rule', async () => {
    const calls = serve(emptySettings);
    render(<UsagePanel />);
    await openUsage();
    fireEvent.change(await screen.findByTestId('price-run'), { target: { value: '0.25' } });
    fireEvent.click(screen.getByTestId('usage-add-rule'));
    fireEvent.click(screen.getByTestId('usage-save'));
    await screen.findByTestId('usage-saved');
    const saved = calls.find((c) => c.method === 'SaveUsageSettings')?.args[0] as UsageSettings;
    expect(saved.prices.perRun).toBe(0.25);
    expect(saved.rules).toEqual([newRule('f1', [])]);
    await waitFor(() => expect(useUsage.getState().settings.prices.perRun).toBe(0.25));
  });

  it('prices counters like the service', () => {
    expect(costOf(report.total, { perRun: 0.5, perMessage: 0.01, perGB: 2, currency: '', monthlyBudget: 0 })).toBeCloseTo(1.04);
  });
});
