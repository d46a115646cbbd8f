// The Usage panel: the open flow's usage per day (or hour, minute), its
// cost and the month's spend against the budget, the prices and alert
// rules, and the alerts that fired.
import { create } from 'zustand';
import { api } from '../api';
import type {
  AlertRule,
  FiredAlert,
  UsageCounters,
  UsagePoint,
  UsagePrices,
  UsageReport,
  UsageResolution,
  UsageSettings,
} from '../api/types';
import { attemptWith } from './attempt';
import { useEditor } from './editor';

export interface UsageState {
  open: boolean;
  resolution: UsageResolution;
  report: UsageReport | null;
  settings: UsageSettings;
  alerts: FiredAlert[];
  busy: boolean;
  error: string | null;
  saved: boolean;
}

export const emptySettings: UsageSettings = {
  prices: { perRun: 0, perMessage: 0, perGB: 0, currency: 'EUR', monthlyBudget: 0 },
  rules: [],
  smtp: { addr: '', from: '' },
};

export const useUsage = create<UsageState>()(() => ({
  open: false, resolution: 'day', report: null, settings: emptySettings, alerts: [], busy: false, error: null, saved: false,
}));

const attempt = attemptWith((patch) => useUsage.setState(patch));

/** spanOf is how far back a report at resolution looks. */
export function spanOf(resolution: UsageResolution): number {
  const hour = 3_600_000;
  return { minute: 2 * hour, hour: 48 * hour, day: 31 * 24 * hour }[resolution];
}

/** loadUsage reads the open flow's report, the settings and the fired alerts. */
export async function loadUsage(resolution: UsageResolution = useUsage.getState().resolution): Promise<void> {
  const flowId = useEditor.getState().meta.id;
  useUsage.setState({ resolution, saved: false });
  await attempt(async () => {
    const [report, settings, alerts] = await Promise.all([
      flowId ? api.usageReport(flowId, resolution, Date.now() - spanOf(resolution)) : Promise.resolve(null),
      api.getUsageSettings(),
      api.listAlerts(),
    ]);
    useUsage.setState({ report, settings: { ...emptySettings, ...settings, rules: settings.rules ?? [] }, alerts });
  });
}

export async function openUsage(): Promise<void> {
  useUsage.setState({ open: true });
  await loadUsage();
}

export function closeUsage(): void {
  useUsage.setState({ open: false });
}

/** saveSettings stores the settings, then reloads the report with the new prices. */
export async function saveSettings(settings: UsageSettings): Promise<void> {
  const ok = await attempt(async () => api.saveUsageSettings(settings));
  if (ok) {
    useUsage.setState({ settings });
    await loadUsage();
    useUsage.setState({ saved: true });
  }
}

/** flowPoints keeps the flow's own points (not its nodes'). */
export function flowPoints(points: UsagePoint[]): UsagePoint[] {
  return points.filter((p) => p.node === '');
}

/** newRule is an error-rate rule for flowId with a fresh id. */
export function newRule(flowId: string, existing: AlertRule[]): AlertRule {
  let n = existing.length + 1;
  while (existing.some((r) => r.id === `rule-${n}`)) n++;
  return { id: `rule-${n}`, flowId, metric: 'errorRate', threshold: 0.1, windowMinutes: 5, webhook: '', email: '' };
}

/** costOf prices counters as usage.Prices.Cost does. */
export function costOf(c: UsageCounters, p: UsagePrices): number {
  return c.runs * p.perRun + c.messages * p.perMessage + (c.bytes / 1e9) * p.perGB;
}

/** money formats an amount in currency. */
export function money(amount: number, currency: string): string {
  return `${amount.toFixed(amount < 1 ? 4 : 2)} ${currency || ''}`.trim();
}
