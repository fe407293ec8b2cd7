// TypeScript declarations of the tag's public shapes: the config, the cue
// values, explain()'s result, the events and the JS API. The npm package's
// index.d.ts re-exports them. MicromomentBuiltinFeature is written by the
// build from the feature table (src/features.rs); the rest mirrors
// src/config.rs (fields, ranges, defaults) and src/engine.rs (cues_json,
// explain_json, change_json).
/** A built-in micro-moment. */
export type MicromomentBuiltinMoment = "know" | "go" | "do" | "buy";

/**
 * A moment name: a built-in one or a site-defined one declared in
 * `MicromomentConfig.moments` (1 to 32 of `a-z 0-9 -`, starting with a letter).
 */
export type MicromomentMomentName = MicromomentBuiltinMoment | (string & {});

/** Device class, from Client Hints, the screen (size, touch, pointer) or the User-Agent. */
export type MicromomentDevice = "mobile" | "tablet" | "desktop" | "other";

/** Class of the page's referrer. */
export type MicromomentReferrer =
  | "search" | "maps" | "social" | "email" | "internal" | "direct" | "other";

/** Opening state of the nearest store (`closing`: closes within 60 minutes). */
export type MicromomentStoreState = "open" | "closing" | "closed";

/** A day key of `MicromomentStore.hours`. */
export type MicromomentWeekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** A feature of the model's weight table (written by the build from src/features.rs). */
export type MicromomentBuiltinFeature =
  @FEATURES@;

/**
 * A weight-table feature: a built-in one, or `custom.NAME` (NAME: 1 to 64
 * characters) for a cue the site sets with `setCue(NAME, value)`.
 */
export type MicromomentFeature = MicromomentBuiltinFeature | `custom.${string}`;

/**
 * Extra search terms: language tag (`"da"`, `"nb-NO"`) or `"*"` (every
 * language) → at most 200 terms. A term is 1 to 64 characters; `term*` is a
 * prefix (3+ characters before the `*`); a space makes a phrase.
 */
export type MicromomentTermLists = { [lang: string]: string[] };

/** A site-defined moment (`MicromomentConfig.moments`). */
export interface MicromomentMomentDefinition {
  /** Search terms that point to this moment, per language. */
  terms?: MicromomentTermLists;
  /** Weight per feature for this moment, each from -10 to 10. */
  weights?: { [feature in MicromomentFeature]?: number };
  /** Constant added to this moment's score, from -10 to 10. Default `0`. */
  prior?: number;
}

/** A physical store, for the `go` moment, `{{store.*}}` placeholders and `data-mm-when`. */
export interface MicromomentStore {
  /** Store name, 1 to 120 characters. Required. */
  name: string;
  /** Latitude, -90 to 90. Required. */
  lat: number;
  /** Longitude, -180 to 180. Required. */
  lon: number;
  /** Address, 1 to 200 characters. */
  address?: string;
  /** The store's page: an `http(s):` or relative URL. */
  url?: string;
  /** Phone number: at most 40 digits, spaces and `+ - ( ) .`. */
  phone?: string;
  /**
   * Opening hours per day: `"09:00-18:00"`, `"09:00-12:00, 13:00-18:00"`,
   * `"22:00-02:00"` (overnight), `"24h"` or `"closed"`. A bad day drops the
   * whole week.
   */
  hours?: { [day in MicromomentWeekday]?: string };
  /** The store's IANA time zone, e.g. `"Europe/Copenhagen"`; hours are read in it. */
  timezone?: string;
}

/** How much and how long a new moment must lead before content switches. */
export interface MicromomentHysteresis {
  /** Probability by which a new moment must beat the current one, 0 to 1. Default `0.1`. */
  margin?: number;
  /** How long, in ms, it must keep that lead: a whole number from 0 to 600000. Default `1500`. */
  minMs?: number;
}

/**
 * The site's configuration (the `#micromoment-config` JSON, or the argument
 * of `start()`). Every field is optional. Unknown fields are reported as
 * warnings; a field with a wrong type or value is an error, and the tag then
 * keeps the default content and logs every problem with its JSON path.
 */
export interface MicromomentConfig {
  /** Config format version: `1`. */
  version?: 1;
  /**
   * Smallest probability of the top moment that makes a decision: above 0,
   * at most 1. Default `0.55`.
   */
  threshold?: number;
  /**
   * Language used to read search text (`"da"`, `"no"`, `"nb-NO"`): 2 or 3
   * letters, optionally `-` and 2 to 8 letters or digits. Default: `<html lang>`,
   * else the browser's language.
   */
  lang?: string;
  /**
   * Site-defined moments (at most 12), e.g. `compare`, `support`: name (1 to
   * 32 of `a-z 0-9 -`, starting with a letter, not a built-in name) → its
   * terms, weights and prior. Default `{}`.
   */
  moments?: { [name: string]: MicromomentMomentDefinition };
  /** Extra search terms: moment → language (or `"*"`) → terms. Default `{}`. */
  terms?: { [moment in MicromomentMomentName]?: MicromomentTermLists };
  /**
   * Overrides of the model's weight table: feature → moment → weight from
   * -10 to 10. Default: the built-in table.
   */
  weights?: { [feature in MicromomentFeature]?: { [moment in MicromomentMomentName]?: number } };
  /** Constant added to a moment's score, from -10 to 10. Default `0` for every moment. */
  priors?: { [moment in MicromomentMomentName]?: number };
  /** Switching rule. Default `{ margin: 0.1, minMs: 1500 }`. */
  hysteresis?: MicromomentHysteresis;
  /**
   * URL parameters that carry an on-site search: at most 16 names of 1 to
   * 32 characters `A-Z a-z 0-9 _ . -`. Default `["q", "s", "query", "search", "k"]`.
   */
  searchParams?: string[];
  /**
   * CSS selector (1 to 512 characters) of live search boxes, read as the
   * visitor types (250 ms debounce). Default
   * `"input[type=search], [role=search] input, input[name=q], input[name=s]"`.
   */
  searchSelector?: string;
  /**
   * CSS selector (1 to 512 characters) of add-to-cart and checkout
   * elements; clicks there are a `buy` cue. Default
   * `"[data-mm-cart], .add-to-cart, [name=add-to-cart], a[href*=checkout], a[href*=cart]"`.
   */
  cartSelector?: string;
  /** Physical stores, at most 500. Default `[]`. */
  stores?: MicromomentStore[];
  /**
   * Use of the visitor's position: `"off"`; `"granted"` only when permission
   * was already granted (never prompts); `"ask"` may prompt. Default `"granted"`.
   */
  geolocation?: "off" | "granted" | "ask";
  /**
   * The visitor allows storage: `false` keeps the journey in memory only.
   * Default `true`.
   */
  consent?: boolean;
  /**
   * Share of visitors, 0 to 0.5, who always see the default content
   * (sticky), reported as `variant: "holdout"`. Default `0`.
   */
  holdout?: number;
  /**
   * How long, in ms, a slot may stay unseen while its template waits for
   * data the tag's second part brings (the store's state, the journey,
   * `{{store.*}}` values): a whole number from 0 to 3000; 0 shows the
   * default content at once. Default `1500`.
   */
  prehideMs?: number;
  /**
   * Push swaps and clicks to the GTM/GA4 dataLayer: `true` (the array is
   * created when missing), `false`, or `"auto"` (when the array exists).
   * Default `"auto"`.
   */
  dataLayer?: boolean | "auto";
  /** Name of the dataLayer array on `window`: a JavaScript name of 1 to 64 characters. Default `"dataLayer"`. */
  dataLayerName?: string;
  /**
   * dataLayer event name, 1 to 64 of `A-Z a-z 0-9 _`; clicks use it plus
   * `"_click"`. Default `"micromoment"`.
   */
  eventName?: string;
  /** Open the debug panel. Default `false`. */
  debug?: boolean;
  /** Search text is cut to this many characters: a whole number from 16 to 1000. Default `200`. */
  maxQueryLength?: number;
  /** Allow swapping a slot the visitor is looking at. Default `false`. */
  swapInView?: boolean;
  /**
   * How a query with no moment words (a bare topic, name or product) is
   * read, per where it came from: `site` (the site's own search box or
   * search parameters, and `setCue("query")`), `ad` (`utm_term`), `search`
   * (a search engine's referrer). A moment, or `null` to leave it to the
   * other cues. Default `{ site: "know", ad: "buy", search: "know" }`; a
   * shop sets `{ "site": "buy" }`.
   */
  queryDefaults?: { site?: MicromomentMomentName | null; ad?: MicromomentMomentName | null; search?: MicromomentMomentName | null };
}

/** Every cue value the model used (in `explain().cues` and `micromoment:change`). */
export interface MicromomentCues {
  /** Device class. */
  device: MicromomentDevice;
  /**
   * Which signal decided `device`: `"client-hints"`, `"screen"` (size, touch,
   * pointer), `"user-agent"`, or `"site"` (set with `setCue`).
   */
  deviceBy: string;
  /** `(pointer: coarse)` matches: touch is the primary input. */
  coarsePointer: boolean;
  /** `(hover: none)` matches. */
  hoverNone: boolean;
  /** Viewport width in CSS pixels (0: not known). */
  viewportWidth: number;
  /** `navigator.connection.saveData` is on. */
  saveData: boolean;
  /** The connection is `slow-2g`, `2g` or `3g`. */
  slowConnection: boolean;
  /** Runs as an installed app (`display-mode: standalone`). */
  standalone: boolean;
  /** `prefers-reduced-motion: reduce`. */
  reducedMotion: boolean;
  /** Class of the referrer. */
  referrer: MicromomentReferrer;
  /** The visitor's search text (`""` when none). */
  query: string;
  /**
   * Where `query` came from: `"searchbox"`, an on-site search parameter
   * (`"q"`, …), `"utm_term"`, `"referrer"`, `"setCue"`, or `""`.
   */
  querySource: string;
  /** Arrived through a paid click (click id or a paid `utm_medium`). */
  paid: boolean;
  /** Campaign words (`utm_campaign`, `utm_content`). */
  campaign: string;
  /** Landing page text: path segments, `<title>` and `<h1>`. */
  pageText: string;
  /** Language of the page or visitor, lower-case (`"da"`, `"nb"`). */
  lang: string;
  /** Deepest scroll position reached, 0 to 1 of the document. */
  scrollDepth: number;
  /** Smoothed scroll speed in px/s. */
  scrollVelocity: number;
  /** Number of scroll direction reversals. */
  reversals: number;
  /** Time the page was visible, in ms. */
  visibleMs: number;
  /** Time since the last interaction, in ms. */
  idleMs: number;
  /** The end of the main content has been reached. */
  reachedEnd: boolean;
  /** Distance to the nearest store in km, or `null` when not known. */
  storeKm: number | null;
  /** Opening state of the nearest store, or `null` when not known. */
  storeState: MicromomentStoreState | null;
  /** Local hour, 0 to 23, or `null`. */
  hour: number | null;
  /** Local weekday, 0 = Monday to 6 = Sunday, or `null`. */
  weekday: number | null;
  /** Seen before on this site. */
  returning: boolean;
  /** Pages seen in this session, this one included. */
  pagesSeen: number;
  /** Clicked a `tel:`, `mailto:`, map or directions link. */
  clickedGo: boolean;
  /** Clicked an add-to-cart or checkout element. */
  clickedBuy: boolean;
  /** Started a video. */
  playedVideo: boolean;
  /** Part of the day from `hour`: `"night"`, `"morning"`, `"afternoon"`, `"evening"`, or `null`. */
  partOfDay: "night" | "morning" | "afternoon" | "evening" | null;
  /** The browser's time zone (`"Europe/Copenhagen"`), once `explain()` has been called; else `""`. */
  timezone: string;
  /** A country from the visitor's languages (`"DK"`), or set with `setCue("region", …)`; else `""`. */
  region: string;
  /** Custom cues the site set with `setCue(name, value)` (booleans as 1 or 0). */
  custom: { [name: string]: number };
}

/** The values `setCue(name, value)` accepts for each built-in cue. */
export interface MicromomentCueValues {
  device: MicromomentDevice;
  referrer: MicromomentReferrer;
  /** Search text. */
  query: string;
  /** Language tag. */
  lang: string;
  /** A region code such as `"DK"` (letters, digits and `-`, at most 8). */
  region: string;
  paid: boolean;
  returning: boolean;
  clickedGo: boolean;
  clickedBuy: boolean;
  playedVideo: boolean;
  /** Distance to the nearest store in km, 0 or more. */
  storeKm: number;
  /** 0 to 1. */
  scrollDepth: number;
  /** 0 to 23. */
  hour: number;
  /** 0 or more. */
  pagesSeen: number;
}

/** A built-in cue name for `setCue`. */
export type MicromomentCueName = keyof MicromomentCueValues;

/**
 * The value type `setCue(name, value)` takes: the built-in cue's type, or
 * a number or boolean for a custom cue.
 */
export type MicromomentCueValue<K extends string> =
  K extends MicromomentCueName ? MicromomentCueValues[K] : number | boolean;

/** One cue's contribution to a moment's score. */
export interface MicromomentContribution {
  /** Feature name (`"query"`, `"device.mobile"`, `"custom.cart"`, …). */
  cue: string;
  /** Amount added to the score. */
  amount: number;
}

/** One moment in `explain().moments`. */
export interface MicromomentMomentScore {
  /** Probability, 0 to 1. */
  probability: number;
  /** Raw score before the softmax. */
  score: number;
  /** The (at most 5) cues that weighed most for this moment. */
  top: MicromomentContribution[];
}

/** A search term found in the query. */
export interface MicromomentTermHit {
  /** The matched term. */
  term: string;
  /** The moment it points to. */
  moment: MicromomentMomentName | null;
  /** Its weight. */
  weight: number;
}

/** What `explain()` returns while the tag runs. */
export interface MicromomentExplanation {
  /** The decided moment, or `null` while undecided. */
  moment: MicromomentMomentName | null;
  /** Probability of the decided moment (1 when forced). */
  confidence: number;
  /** The config's `threshold`. */
  threshold: number;
  /** The moment was forced (`?mm_moment=` or `force()`). */
  forced: boolean;
  /** Probability per moment, summing to 1. */
  scores: { [moment: string]: number };
  /** Probability, score and top cues per moment. */
  moments: { [moment: string]: MicromomentMomentScore };
  /** Every active feature and what it added to each moment. */
  contributions: { cue: string; amounts: { [moment: string]: number } }[];
  /** The search text, where it came from, its language and matched terms. */
  query: {
    text: string;
    source: string;
    lang: string | null;
    terms: MicromomentTermHit[];
  };
  /** Every cue value. */
  cues: MicromomentCues;
  /** This visitor is in the holdout group (always the default content). */
  holdout: boolean;
  /**
   * The visit across pages (once the tag's second part runs): pages seen,
   * returning visitor, first-touch campaign, the session's recent queries and
   * moments, and whether storage is used.
   */
  journey?: {
    pagesSeen: number;
    returning: boolean;
    firstTouch: string;
    queries: string[];
    moments: string[];
    stored: boolean;
  };
  /** Bytes of wasm memory the tag's two parts use (once the second part runs). */
  memoryBytes?: number;
}

/** `detail` of `micromoment:change`. */
export interface MicromomentChangeDetail {
  /** The new moment, or `null` when undecided. */
  moment: MicromomentMomentName | null;
  /** Its probability, 0 to 1. */
  confidence: number;
  /** Probability per moment. */
  scores: { [moment: string]: number };
  /** Every cue value used. */
  cues: MicromomentCues;
}

/** `detail` of `micromoment:swap`. */
export interface MicromomentSwapDetail {
  /** The slot's `data-mm-slot` name. */
  slot: string;
  /** The decided moment, or `null`. */
  moment: MicromomentMomentName | null;
  /**
   * What the slot shows now: the template's `data-mm-variant`, else its
   * `data-mm-when`, else the moment; `"default"`; or `"holdout"`.
   */
  variant: string;
}

/** Fired on `document` whenever the decided moment changes. */
export type MicromomentChangeEvent = CustomEvent<MicromomentChangeDetail>;
/** Fired on `document` per slot whose content changed, after `micromoment:change`. */
export type MicromomentSwapEvent = CustomEvent<MicromomentSwapDetail>;

/** The tag's JS API (`window.micromoment`, and the npm package's exports). */
export interface MicromomentApi {
  /** The decided moment's name, or `null` while undecided. */
  moment(): MicromomentMomentName | null;
  /** Scores, each cue's contribution and the cue values; `null` while the tag is not running. */
  explain(): MicromomentExplanation | null;
  /**
   * Sets a cue the site knows and re-decides: a built-in cue, or a custom
   * one (a number or boolean, weighted by `weights["custom.NAME"]`). Returns
   * false (and warns) for a bad value. The npm package's export queues it until `start()`.
   */
  setCue<K extends string>(name: K, value: MicromomentCueValue<K>): boolean;
  /** Forces a moment (confidence 1); `null` returns to inference. The npm package's export queues it until `start()`. */
  force(moment: MicromomentMomentName | null): boolean;
  /** Allows (`true`) or forbids (`false`) storing the journey; `false` also erases it. */
  consent(allowed: boolean): void;
  /** Erases everything the tag stored in this browser. */
  forget(): void;
  /** Shows (`true`, the default) or hides (`false`) the debug panel; resolves to whether it is shown. */
  debug(on?: boolean): Promise<boolean>;
  /** Stops the tag and restores every slot's default content. Safe to call twice. */
  destroy(): void;
  /**
   * Resolves to `true` once the whole tag runs (its second part has arrived
   * after the first decision), `false` if it could not start.
   */
  readonly ready: Promise<boolean>;
  /** The tag's version. */
  readonly version: string;
}

declare global {
  interface Window {
    /**
     * Functions to run with the tag's API once the tag has started. A page
     * may push to it before the asynchronously loaded tag runs:
     * `(window.micromomentQueue = window.micromomentQueue || []).push((mm) => mm.setCue("loggedIn", true))`.
     */
    micromomentQueue?: Array<(api: MicromomentApi) => void> | { push(...fns: Array<(api: MicromomentApi) => void>): void };
  }
  interface DocumentEventMap {
    "micromoment:change": MicromomentChangeEvent;
    "micromoment:swap": MicromomentSwapEvent;
  }
  interface Window {
    /** The micromoment tag, once it has been created on this page. */
    micromoment?: MicromomentApi;
  }
}
