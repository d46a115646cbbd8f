// Charts of the run history: runs, messages and errors over time
// (recharts). RunHistory loads this module when it first opens.
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketRuns, rangeStart } from './history';
import { useInspect } from './store';

export function HistoryCharts() {
  const { runs, range, loadedAt } = useInspect();
  const buckets = useMemo(() => bucketRuns(runs, rangeStart(range, loadedAt), loadedAt), [runs, range, loadedAt]);
  if (buckets.length === 0) return null;
  return (
    <div className="history-charts" data-testid="history-charts">
      <figure>
        <figcaption>Runs</figcaption>
        <ResponsiveContainer width="100%" height={150}>
          <BarChart data={buckets}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={10} />
            <YAxis allowDecimals={false} fontSize={10} width={28} />
            <Tooltip />
            <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="succeeded" stackId="s" fill="#2e9e5b" isAnimationActive={false} />
            <Bar dataKey="failed" stackId="s" fill="#d64545" isAnimationActive={false} />
            <Bar dataKey="cancelled" stackId="s" fill="#9aa3b2" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>Messages and errors</figcaption>
        <ResponsiveContainer width="100%" height={150}>
          <LineChart data={buckets}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={10} />
            <YAxis allowDecimals={false} fontSize={10} width={36} />
            <Tooltip />
            <Legend iconSize={8} wrapperStyle={{ fontSize: 11 }} />
            <Line dataKey="messages" stroke="#3867d6" dot={false} isAnimationActive={false} />
            <Line dataKey="errors" stroke="#d64545" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
