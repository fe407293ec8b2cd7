import { useEffect, useSyncExternalStore } from 'react';
import { moment, start, type MicromomentConfig, type MicromomentMomentName } from 'micromoment';

function subscribe(onChange: () => void): () => void {
  document.addEventListener('micromoment:change', onChange);
  return () => document.removeEventListener('micromoment:change', onChange);
}

/**
 * The visitor's current micro-moment: "know", "go", "do", "buy", a
 * site-defined moment, or null while undecided. Starts the tag on first use
 * (with that call's config; later calls share the same tag) and re-renders
 * the component on every `micromoment:change`.
 */
export function useMicromoment(config?: MicromomentConfig): MicromomentMomentName | null {
  useEffect(() => {
    void start(config);
    // start() runs once per page: a later config is not applied.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return useSyncExternalStore(subscribe, moment, () => null);
}
