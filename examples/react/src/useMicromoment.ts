import { useEffect, useSyncExternalStore } from 'react';
import {
  destroy,
  moment,
  start,
  type MicromomentConfig,
  type MicromomentMomentName,
} from 'micromoment';

// The tag is one per page. Components that use it share it: the first one
// to mount starts it (with its config), and it stops when the last one has
// unmounted. The stop waits for the end of the current task, so a component
// that unmounts and mounts again at once keeps the running tag: React's
// StrictMode (mount → unmount → mount in development) and a route change
// that swaps one user of the hook for another. A stopped tag restores the
// page's default content; the next user starts a fresh one.
let users = 0;
let stopping: ReturnType<typeof setTimeout> | undefined;

function use(config: MicromomentConfig | undefined): () => void {
  clearTimeout(stopping);
  // While the tag runs, start() returns its promise and ignores the config.
  if (users++ === 0) void start(config);
  return () => {
    if (--users === 0) stopping = setTimeout(destroy, 0);
  };
}

function subscribe(onChange: () => void): () => void {
  document.addEventListener('micromoment:change', onChange);
  return () => document.removeEventListener('micromoment:change', onChange);
}

/**
 * The visitor's current micro-moment: "know", "go", "do", "buy", a
 * site-defined moment, or null while undecided (and on the server). Starts
 * the tag while the component is mounted (see above; the config of the
 * component that starts it counts) and re-renders on every
 * `micromoment:change`.
 */
export function useMicromoment(config?: MicromomentConfig): MicromomentMomentName | null {
  const current = useSyncExternalStore(subscribe, moment, () => null);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the tag reads its config once
  useEffect(() => use(config), []);
  return current;
}
