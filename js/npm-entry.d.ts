// Types of the micromoment npm package (its index.d.ts). The shapes
// (config, cues, explain(), events, the API) are in types.d.ts (js/types.d.ts
// with the feature names filled in by the build); importing this module also
// declares the "micromoment:change" and "micromoment:swap" events on
// DocumentEventMap and window.micromoment.
import type {
  MicromomentConfig,
  MicromomentCueValue,
  MicromomentExplanation,
  MicromomentMomentName,
} from './types.js';

export type {
  MicromomentApi,
  MicromomentBuiltinFeature,
  MicromomentBuiltinMoment,
  MicromomentChangeDetail,
  MicromomentChangeEvent,
  MicromomentConfig,
  MicromomentContribution,
  MicromomentCueName,
  MicromomentCues,
  MicromomentCueValue,
  MicromomentCueValues,
  MicromomentDevice,
  MicromomentExplanation,
  MicromomentFeature,
  MicromomentHysteresis,
  MicromomentMomentDefinition,
  MicromomentMomentName,
  MicromomentMomentScore,
  MicromomentReferrer,
  MicromomentStore,
  MicromomentStoreState,
  MicromomentSwapDetail,
  MicromomentSwapEvent,
  MicromomentTermHit,
  MicromomentTermLists,
  MicromomentWeekday,
} from './types.js';

/** A language whose data `micromoment/languages/<code>` carries (`no` is both Norwegian written forms, nb and nn). */
export type MicromomentLanguageCode =
  | "da" | "nb" | "nn" | "no" | "sv" | "de" | "nl" | "af" | "it" | "es" | "fr" | "pt" | "ru";

/**
 * A language's lexicon data: the default export of
 * `micromoment/languages/<code>` (e.g. `import da from 'micromoment/languages/da'`),
 * for `start()`'s `options.languages`.
 */
export interface MicromomentLanguage<C extends MicromomentLanguageCode = MicromomentLanguageCode> {
  /** The language code. */
  readonly code: C;
  /** The lexicon data (opaque). */
  readonly data: readonly string[];
}

/** The second argument of `start()`. */
export interface MicromomentStartOptions {
  /**
   * Languages the first decision reads search text in, besides English
   * (which is always there). The others arrive with the rest of the tag
   * after first paint; a page in Danish whose visitors arrive with Danish
   * search words passes `[da]`. Each costs about 1 KB of gzip in the bundle.
   */
  languages?: readonly MicromomentLanguage[];
}

/**
 * Starts the tag with `config` (or, when it is undefined, the page's
 * `#micromoment-config`, else the defaults) and `options`. Resolves to
 * `true` once the tag runs, `false` if it could not start (the console says
 * why; the page keeps its default content). While the tag runs (or could
 * not start) later calls return the same promise; after `destroy()` the
 * next call starts a fresh tag. Outside a browser (server-side rendering) it
 * resolves to `false` and does nothing.
 */
export function start(config?: MicromomentConfig, options?: MicromomentStartOptions): Promise<boolean>;

/**
 * Resolves to `true` once the tag runs, `false` if it could not start.
 * Pending until `start()`; after `destroy()`, it is the next `start()`'s.
 */
export let ready: Promise<boolean>;

/** The decided moment's name, or `null` while undecided (and while no tag runs). */
export function moment(): MicromomentMomentName | null;

/** Scores, each cue's contribution and every cue value; `null` while the tag is not running. */
export function explain(): MicromomentExplanation | null;

/**
 * Sets a cue the site knows and re-decides: a built-in cue (`device`,
 * `referrer`, `query`, `lang`, `paid`, `returning`, `clickedGo`,
 * `clickedBuy`, `playedVideo`, `storeKm`, `scrollDepth`, `hour`,
 * `pagesSeen`) with its type, or any other name as a custom cue (a number
 * or boolean, weighted by `weights["custom.NAME"]`). Returns `false` (and
 * warns) for a bad value. Before the tag runs the call is queued and
 * returns `true`.
 */
export function setCue<K extends string>(name: K, value: MicromomentCueValue<K>): boolean;

/** Forces a moment (confidence 1); `null` returns to inference. Queued until the tag runs. */
export function force(moment: MicromomentMomentName | null): boolean;

/** Allows (`true`) or forbids (`false`) storing the journey; `false` also erases it. Queued until the tag runs. */
export function consent(allowed: boolean): void;

/** Erases everything the tag stored in this browser, at once; the journey then stays in memory only. */
export function forget(): void;

/**
 * Shows (`true`, the default) or hides (`false`) the debug panel (loaded on
 * demand); resolves to whether it is shown. Before `start()`, it resolves
 * once the tag runs.
 */
export function debug(on?: boolean): Promise<boolean>;

/**
 * Stops the tag and restores every slot's default content; the next
 * `start()` starts a fresh tag. Safe to call twice; before `start()` it
 * drops the queued calls.
 */
export function destroy(): void;

/** The package version. */
export const version: string;
