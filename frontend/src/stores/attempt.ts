// The busy/error bookkeeping the dialog stores share.
import { toError } from '../api/client';

/** BusyPatch is what attempt writes to a store. */
export interface BusyPatch {
  busy?: boolean;
  error?: string | null;
}

/**
 * attemptWith returns a store's attempt helper: it runs fn with busy set
 * and error cleared, keeps a failure's message as error, and resolves to
 * whether fn succeeded.
 */
export function attemptWith(set: (patch: BusyPatch) => void): (fn: () => Promise<void>) => Promise<boolean> {
  return async (fn) => {
    set({ busy: true, error: null });
    try {
      await fn();
      return true;
    } catch (err) {
      set({ error: toError(err).message });
      return false;
    } finally {
      set({ busy: false });
    }
  };
}
