// The current run's progress while it runs: messages so far, and Cancel.
import { cancelRun } from '../stores/runner';
import { isFinal, useRun } from '../stores/run';
import { ProgressBar } from './ProgressBar';

export function RunProgress() {
  const record = useRun((s) => s.record);
  if (!record || isFinal(record)) return null;
  const nodes = Object.values(record.nodes ?? {});
  const done = nodes.filter((n) => n.status === 'done' || n.status === 'failed').length;
  const messages = nodes.reduce((sum, n) => sum + n.out, 0);
  // Until a node ends nothing tells how far the run is: the bar is indeterminate.
  const pct = done > 0 ? Math.round((100 * done) / nodes.length) : null;
  return (
    <ProgressBar label={`${messages} messages · ${done}/${nodes.length} nodes done`} percent={pct}
      onCancel={() => void cancelRun()} testId="run-progress" />
  );
}
