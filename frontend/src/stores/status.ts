// The one place an error becomes a message a person reads.
import { create } from 'zustand';
import { toError } from '../api/client';

export interface StatusState {
  message: string | null;
  kind: 'info' | 'error';
  busy: string | null;
  show(message: string, kind?: 'info' | 'error'): void;
  clear(): void;
  setBusy(what: string | null): void;
}

export const useStatus = create<StatusState>()((set) => ({
  message: null,
  kind: 'info',
  busy: null,
  show: (message, kind = 'info') => set({ message, kind }),
  clear: () => set({ message: null }),
  setBusy: (busy) => set({ busy }),
}));

/** report shows an error thrown by the app service. */
export function report(err: unknown, context?: string): void {
  const msg = toError(err).message;
  useStatus.getState().show(context ? `${context}: ${msg}` : msg, 'error');
}
