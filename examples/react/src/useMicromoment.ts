import { useEffect, useState } from 'react';
import {
  moment,
  start,
  type MicromomentChangeEvent,
  type MicromomentConfig,
  type MicromomentMomentName,
} from 'micromoment';

/**
 * The visitor's current micro-moment: "know", "go", "do", "buy", a
 * site-defined moment, or null while undecided. Starts the tag on first use
 * (with that call's config; later calls share the same tag) and re-renders
 * the component on every `micromoment:change`.
 */
export function useMicromoment(config?: MicromomentConfig): MicromomentMomentName | null {
  const [current, setCurrent] = useState(moment);
  useEffect(() => {
    const onChange = (e: MicromomentChangeEvent) => setCurrent(e.detail.moment);
    document.addEventListener('micromoment:change', onChange);
    // A decision made between the first render and now.
    setCurrent(moment());
    void start(config);
    return () => document.removeEventListener('micromoment:change', onChange);
    // start() runs once per page, so a later config is not applied.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return current;
}
