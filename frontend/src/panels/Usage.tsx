// The Usage panel: what the open flow used per day, hour or minute, what
// it cost and how much of the monthly budget is spent; the prices, the
// alert rules (error rate, latency, budget, dead letters on the runners →
// webhook or email) and the alerts that fired, with their state.
import { lazy, Suspense, useState } from 'react';
import type { AlertMetric, AlertRule, UsageResolution, UsageSettings } from '../api/types';
import { useEditor } from '../stores/editor';
import { closeUsage, costOf, flowPoints, loadUsage, money, newRule, saveSettings, useUsage } from '../stores/usage';
import { useEscape } from './useEscape';

// The charts (and recharts with them) load when the panel first opens.
const UsageCharts = lazy(() => import('./UsageCharts').then((m) => ({ default: m.UsageCharts })));

function Report() {
  const { report, resolution } = useUsage();
  const prices = useUsage((s) => s.settings.prices);
  const flowId = useEditor((s) => s.meta.id);
  if (!flowId) return <p className="muted">Save the flow to see its usage.</p>;
  if (!report) return null;
  const points = flowPoints(report.points);
  const pct = Math.round(report.budgetUsed * 100);
  return (
    <section aria-label="Usage report">
      <div className="usage-summary" data-testid="usage-summary">
        <span><b>{report.total.runs}</b> runs</span>
        <span><b>{report.total.messages}</b> messages</span>
        <span><b>{report.total.errors}</b> errors</span>
        <span>cost <b>{money(report.cost, report.currency)}</b></span>
        <span>this month <b data-testid="usage-month-cost">{money(report.monthCost, report.currency)}</b></span>
        {report.budgetUsed > 0 && (
          <span className={pct >= 100 ? 'pill pill-failed' : 'pill'} data-testid="usage-budget">
            {pct}% of budget
          </span>
        )}
      </div>
      <div className="usage-res">
        {(['day', 'hour', 'minute'] as UsageResolution[]).map((r) => (
          <button key={r} type="button" className={`btn small${r === resolution ? ' primary' : ''}`} onClick={() => void loadUsage(r)}>
            per {r}
          </button>
        ))}
      </div>
      <Suspense fallback={null}>
        <UsageCharts points={points} prices={prices} currency={report.currency} resolution={resolution} />
      </Suspense>
      {points.length > 0 && (
        <table className="audit-table" data-testid="usage-table">
          <thead>
            <tr><th>From</th><th>Runs</th><th>Failed</th><th>Messages</th><th>Errors</th><th>KB</th><th>Mean ms</th><th>Cost</th></tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.start}>
                <td>{new Date(p.start).toLocaleString()}</td>
                <td>{p.runs}</td>
                <td>{p.failedRuns}</td>
                <td>{p.messages}</td>
                <td>{p.errors}</td>
                <td>{(p.bytes / 1024).toFixed(1)}</td>
                <td>{p.runs ? Math.round(p.durationMs / p.runs) : 0}</td>
                <td>{money(costOf(p, prices), report.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NumberField({ label, value, onChange, testId }: { label: string; value: number; onChange: (v: number) => void; testId: string }) {
  return (
    <label className="bundle-field">
      {label}
      <input type="number" min={0} step="any" data-testid={testId} value={value} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

function RuleRow({ rule, set, remove }: { rule: AlertRule; set: (r: AlertRule) => void; remove: () => void }) {
  return (
    <div className="usage-rule" data-testid={`usage-rule-${rule.id}`}>
      <select value={rule.metric} aria-label="Metric" onChange={(e) => set({ ...rule, metric: e.target.value as AlertMetric })}>
        <option value="errorRate">error rate above</option>
        <option value="latencyMs">mean latency (ms) above</option>
        <option value="budget">budget share above</option>
        <option value="deadLetters">dead letters on the runners above</option>
      </select>
      <input type="number" step="any" aria-label="Threshold" value={rule.threshold} onChange={(e) => set({ ...rule, threshold: Number(e.target.value) })} />
      <span>in</span>
      <input type="number" min={1} aria-label="Window (minutes)" value={rule.windowMinutes} onChange={(e) => set({ ...rule, windowMinutes: Number(e.target.value) })} />
      <span>min →</span>
      <input placeholder="webhook URL" aria-label="Webhook" value={rule.webhook ?? ''} onChange={(e) => set({ ...rule, webhook: e.target.value })} />
      <input placeholder="email" aria-label="Email" value={rule.email ?? ''} onChange={(e) => set({ ...rule, email: e.target.value })} />
      <button type="button" className="btn small" onClick={remove}>Remove</button>
    </div>
  );
}

function SettingsForm({ initial }: { initial: UsageSettings }) {
  const flowId = useEditor((s) => s.meta.id);
  const { busy, saved } = useUsage();
  const [draft, setDraft] = useState(initial);
  const prices = draft.prices;
  const setPrices = (patch: Partial<UsageSettings['prices']>) => setDraft({ ...draft, prices: { ...prices, ...patch } });
  const setRule = (i: number, r: AlertRule) => setDraft({ ...draft, rules: draft.rules.map((x, j) => (j === i ? r : x)) });
  return (
    <section className="usage-settings" aria-label="Prices and alerts">
      <h3>Prices and budget</h3>
      <div className="usage-prices">
        <NumberField label="Per run" value={prices.perRun} testId="price-run" onChange={(v) => setPrices({ perRun: v })} />
        <NumberField label="Per message" value={prices.perMessage} testId="price-message" onChange={(v) => setPrices({ perMessage: v })} />
        <NumberField label="Per GB" value={prices.perGB} testId="price-gb" onChange={(v) => setPrices({ perGB: v })} />
        <NumberField label="Monthly budget per flow" value={prices.monthlyBudget} testId="price-budget" onChange={(v) => setPrices({ monthlyBudget: v })} />
        <label className="bundle-field">
          Currency
          <input value={prices.currency} onChange={(e) => setPrices({ currency: e.target.value })} />
        </label>
      </div>
      <h3>Alert rules</h3>
      {draft.rules.map((r, i) => (
        <RuleRow key={r.id} rule={r} set={(x) => setRule(i, x)} remove={() => setDraft({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })} />
      ))}
      <div className="usage-prices">
        <label className="bundle-field">
          SMTP relay (host:port)
          <input value={draft.smtp.addr} onChange={(e) => setDraft({ ...draft, smtp: { ...draft.smtp, addr: e.target.value } })} />
        </label>
        <label className="bundle-field">
          Alert emails from
          <input value={draft.smtp.from} onChange={(e) => setDraft({ ...draft, smtp: { ...draft.smtp, from: e.target.value } })} />
        </label>
      </div>
      <div className="cred-actions">
        <button type="button" className="btn" data-testid="usage-add-rule" onClick={() => setDraft({ ...draft, rules: [...draft.rules, newRule(flowId ?? '', draft.rules)] })}>
          Add rule
        </button>
        <button type="button" className="btn primary" data-testid="usage-save" disabled={busy} onClick={() => void saveSettings(draft)}>
          Save prices and rules
        </button>
        {saved && <span className="muted small" data-testid="usage-saved">Saved.</span>}
      </div>
    </section>
  );
}

function FiredAlerts() {
  const alerts = useUsage((s) => s.alerts);
  if (alerts.length === 0) return <p className="muted small">No alert has fired yet.</p>;
  return (
    <ul className="usage-alerts" data-testid="usage-alerts">
      {alerts.map((a, i) => (
        <li key={a.id || i} className={a.deliveryError ? 'field-problem error' : ''} data-testid={`usage-alert-${a.state}`}>
          <span className="pill">{a.state}</span> {new Date(a.at).toLocaleString()} — {a.message}
          {a.resolvedAt ? <> (resolved {new Date(a.resolvedAt).toLocaleString()})</> : null}
          {a.deliveryError && <> (not delivered: {a.deliveryError})</>}
        </li>
      ))}
    </ul>
  );
}

export function UsagePanel() {
  const { open, error, settings } = useUsage();
  useEscape(open, closeUsage);
  if (!open) return null;
  return (
    <div className="mapping-backdrop">
      <div className="cred-modal" role="dialog" aria-modal="true" aria-label="Usage" data-testid="usage-panel">
        <header className="mapping-head">
          <h2>Usage and cost</h2>
          <span className="muted small">Runs, messages and errors of this flow, priced; alerts when a rule is crossed.</span>
          <button type="button" className="btn small" data-testid="usage-close" onClick={closeUsage}>
            Done
          </button>
        </header>
        <div className="audit-body">
          {error && (
            <div className="field-problem error" role="alert" data-testid="usage-error">
              {error}
            </div>
          )}
          <Report />
          <FiredAlerts />
          <SettingsForm key={JSON.stringify(settings)} initial={settings} />
        </div>
      </div>
    </div>
  );
}
