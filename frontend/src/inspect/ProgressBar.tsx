// A progress bar with Cancel for long work: a determinate bar when the
// total is known, an indeterminate one otherwise.
import { api } from '../api';
import { report } from '../stores/status';
import { percent, useProgress } from './progress';
export interface ProgressBarProps {
  label: string;
  /** 0..100, or null when unknown. */
  percent: number | null;
  onCancel?: () => void;
  testId?: string;
}

export function ProgressBar({ label, percent, onCancel, testId = 'progress' }: ProgressBarProps) {
  return (
    <div className="progress" data-testid={testId} role="status">
      <div className="progress-label small">{label}</div>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={percent ?? undefined}>
        <div className={`progress-fill${percent === null ? ' indeterminate' : ''}`} style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      {onCancel && (
        <button type="button" className="btn danger small-btn" data-testid={`${testId}-cancel`} onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}

/**
 * TaskProgress shows the running task with this label (from "progress"
 * events) with a Cancel button, once it has done at least minDone steps.
 */
export function TaskProgress({ label, title, minDone = 0 }: { label: string; title: string; minDone?: number }) {
  const task = useProgress((s) => Object.values(s.tasks).find((p) => p.label === label && p.done >= minDone));
  if (!task) return null;
  const cancel = () => api.cancelTask(task.task).catch((err) => report(err, 'Cancel'));
  return (
    <ProgressBar label={`${title} ${task.done}/${task.total}`} percent={percent(task)} onCancel={() => void cancel()}
      testId={`${label}-progress`} />
  );
}
