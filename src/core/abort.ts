/** What one signal's listener notifies. */
interface Subscription {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const subscriptions = new WeakMap<AbortSignal, Subscription>();

/**
 * Calls `callback` when `signal` aborts, and returns the function that stops that.
 *
 * However many calls share one caller's signal, it gets a single `abort` listener, removed once
 * the last of them unsubscribes: no listener build-up (nor Node's MaxListenersExceededWarning)
 * and no leak on long-lived signals, which `AbortSignal.any` is prone to and not every runtime has.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let subscription = subscriptions.get(signal);
  if (subscription === undefined) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      subscriptions.delete(signal);
      for (const notify of callbacks) notify();
    };
    subscription = { callbacks, listener };
    subscriptions.set(signal, subscription);
    signal.addEventListener("abort", listener, { once: true });
  }
  const current = subscription;
  current.callbacks.add(callback);
  return () => {
    current.callbacks.delete(callback);
    if (current.callbacks.size === 0 && subscriptions.get(signal) === current) {
      subscriptions.delete(signal);
      signal.removeEventListener("abort", current.listener);
    }
  };
}

/**
 * Waits `ms`, or less if `signal` aborts first (the caller tells which by `signal.aborted`);
 * leaves no timer or listener behind.
 */
export function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise((resolve) => setTimeout(resolve, ms));
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = onAbort(signal, () => {
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
  });
}
