// Types of the micromoment npm package. The shapes (config, cues, explain(),
// events, the API) are generated into micromoment_core.d.ts from
// src/web/types.rs; importing this module also declares the
// "micromoment:change" and "micromoment:swap" events on DocumentEventMap
// and window.micromoment.
import type {
  MicromomentConfig,
  MicromomentCueValue,
  MicromomentExplanation,
  MicromomentMomentName,
} from './micromoment_core.js';

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
} from './micromoment_core.js';

/**
 * Starts the tag once, with `config` (or, when it is undefined, the page's
 * `#micromoment-config`, else the defaults). Resolves to `true` once the tag
 * runs, `false` if it could not start (the console says why; the page keeps
 * its default content). Later calls return the same promise. Outside a
 * browser (server-side rendering) it resolves to `false` and does nothing.
 */
export function start(config?: MicromomentConfig): Promise<boolean>;

/** Resolves to `true` once the tag runs, `false` if it could not start. Pending until `start()`. */
export const ready: Promise<boolean>;

/** The decided moment's name, or `null` while undecided (and before `start()`). */
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

/** Stops the tag and restores every slot's default content. Safe to call twice; before `start()` it drops the queued calls. */
export function destroy(): void;

/** The package version. */
export const version: string;
