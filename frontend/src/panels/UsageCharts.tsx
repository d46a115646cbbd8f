// Charts of the Usage panel (recharts, as the run history draws its own):
// runs, messages and errors per period, and what each period cost. Colours
// come from the theme's CSS variables so the dark theme restyles them.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsagePoint, UsagePrices, UsageResolution } from '../api/types';
import { costOf, money } from '../stores/usage';

const axis = { fontSize: 10, stroke: 'var(--line-strong)', tick: { fill: 'var(--muted)' } };
const tooltip = {
  contentStyle: { background: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--text)', fontSize: 11 },
  cursor: { fill: 'var(--hover)' },
};

/** label names the period starting at start at the report's resolution. */
function label(start: number, resolution: UsageResolution): string {
  const d = new Date(start);
  if (resolution === 'day') return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function UsageCharts({ points, prices, currency, resolution }: {
  points: UsagePoint[];
  prices: UsagePrices;
  currency: string;
  resolution: UsageResolution;
}) {
  if (points.length === 0) {
    return (
      <div className="usage-charts" data-testid="usage-chart">
        <p className="muted">No runs in this period.</p>
      </div>
    );
  }
  const data = points.map((p) => ({
    label: label(p.start, resolution), runs: p.runs, messages: p.messages, errors: p.errors, cost: costOf(p, prices),
  }));
  return (
    <div className="usage-charts" data-testid="usage-chart">
      <figure>
        <figcaption>Runs, messages and errors</figcaption>
        <ResponsiveContainer width="100%" height={150}>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--line)" />
            <XAxis dataKey="label" {...axis} />
            <YAxis allowDecimals={false} width={36} {...axis} />
            <Tooltip {...tooltip} />
            <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="runs" fill="var(--accent)" isAnimationActive={false} />
            <Bar dataKey="messages" fill="var(--transform)" isAnimationActive={false} />
            <Bar dataKey="errors" fill="var(--error)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>Cost{currency && ` (${currency})`}</figcaption>
        <ResponsiveContainer width="100%" height={150}>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--line)" />
            <XAxis dataKey="label" {...axis} />
            <YAxis width={48} {...axis} />
            <Tooltip {...tooltip} formatter={(v) => money(Number(v), currency)} />
            <Bar dataKey="cost" fill="var(--ok)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
