// A typed use of the micromoment package, checked with `tsc --noEmit -p tests/types`
// against the assembled package (pkg/npm/, from `node scripts/package.mjs`;
// tsconfig.json maps `micromoment` and `micromoment/languages/*` there).
// Every `@ts-expect-error` line must be an error: if the types got looser,
// the check fails.
import {
  consent,
  debug,
  destroy,
  explain,
  force,
  forget,
  moment,
  ready,
  setCue,
  start,
  version,
  type MicromomentApi,
  type MicromomentChangeEvent,
  type MicromomentConfig,
  type MicromomentCues,
  type MicromomentExplanation,
  type MicromomentLanguage,
  type MicromomentMomentName,
  type MicromomentStartOptions,
  type MicromomentSwapEvent,
} from 'micromoment';
import da from 'micromoment/languages/da';
import no from 'micromoment/languages/no.js';

const config: MicromomentConfig = {
  version: 1,
  threshold: 0.6,
  lang: 'da',
  moments: {
    compare: {
      terms: { en: ['vs', 'compare*'], '*': ['versus'] },
      weights: { 'scroll.reversals': 0.8, 'custom.cartValue': 0.2 },
      prior: -0.5,
    },
  },
  terms: { buy: { da: ['tilbud*', 'på lager'], '*': ['black friday'] }, compare: { da: ['sammenlign*'] } },
  weights: { 'device.mobile': { go: 0.5 }, 'custom.loggedIn': { buy: 1.5, compare: 0.3 } },
  priors: { know: 0, compare: 0.2 },
  hysteresis: { margin: 0.1, minMs: 1500 },
  searchParams: ['q', 'search'],
  searchSelector: 'input[type=search]',
  cartSelector: '.add-to-cart',
  stores: [
    {
      name: 'Nørrebro',
      lat: 55.6872,
      lon: 12.5537,
      phone: '+45 33 12 34 56',
      hours: { mon: '10:00-18:00', sat: '10:00-16:00', sun: 'closed' },
      timezone: 'Europe/Copenhagen',
    },
  ],
  geolocation: 'granted',
  consent: true,
  holdout: 0.1,
  prehideMs: 150,
  dataLayer: 'auto',
  dataLayerName: 'dataLayer',
  eventName: 'micromoment',
  debug: false,
  maxQueryLength: 200,
  swapInView: false,
};

// @ts-expect-error threshold is a number, not a string
const wrongType: MicromomentConfig = { threshold: '0.5' };
// @ts-expect-error geolocation is "off", "granted" or "ask"
const wrongValue: MicromomentConfig = { geolocation: 'always' };
// @ts-expect-error unknown config field
const unknownField: MicromomentConfig = { treshold: 0.5 };
// @ts-expect-error not a weight-table feature
const wrongFeature: MicromomentConfig = { weights: { 'device.phone': { go: 1 } } };
// @ts-expect-error a store needs name, lat and lon
const wrongStore: MicromomentConfig = { stores: [{ name: 'x', lat: 1 }] };
// @ts-expect-error hours are keyed by day
const wrongDay: MicromomentConfig = { stores: [{ name: 'x', lat: 1, lon: 2, hours: { monday: '09:00-17:00' } }] };
void [wrongType, wrongValue, unknownField, wrongFeature, wrongStore, wrongDay];

async function main(): Promise<void> {
  // Before start: queued, and the moment is unknown.
  const queued: boolean = setCue('query', 'buy running shoes');
  const now: MicromomentMomentName | null = moment();
  void [queued, now];

  const ok: boolean = await start(config);
  const again: Promise<boolean> = start();
  const isReady: boolean = await ready;
  void [ok, again, isReady];

  // Languages for the first decision besides English.
  const danish: MicromomentLanguage<'da'> = da;
  const options: MicromomentStartOptions = { languages: [da, no] };
  void start(config, options);
  void start(undefined, { languages: [no] });
  void start(undefined, {});
  // @ts-expect-error a language is its module's default export, not its code
  void start(config, { languages: ['da'] });
  // @ts-expect-error the module of 'da' is not Norwegian
  const wrongLanguage: MicromomentLanguage<'no'> = da;
  // @ts-expect-error unknown start option
  void start(config, { language: da });
  void [danish, wrongLanguage];

  setCue('device', 'mobile');
  setCue('referrer', 'maps');
  setCue('paid', true);
  setCue('scrollDepth', 0.5);
  setCue('cartValue', 120);
  setCue('loggedIn', true);
  // @ts-expect-error device is mobile, tablet, desktop or other
  setCue('device', 'phablet');
  // @ts-expect-error scrollDepth is a number
  setCue('scrollDepth', 'deep');
  // @ts-expect-error a custom cue is a number or boolean
  setCue('segment', 'gold');

  force('buy');
  force('compare');
  force(null);
  // @ts-expect-error force takes a moment name or null
  force(3);
  consent(false);
  forget();
  const shown: boolean = await debug();
  await debug(false);

  const m = moment();
  if (m === 'buy' || m === 'compare') console.log(m.toUpperCase());

  const ex: MicromomentExplanation | null = explain();
  if (ex) {
    const buy: number | undefined = ex.scores['buy'];
    const top = ex.moments['buy']?.top[0];
    const cueName: string | undefined = top?.cue;
    const terms: string[] = ex.query.terms.map((t) => t.term);
    const lang: string | null = ex.query.lang;
    const cues: MicromomentCues = ex.cues;
    const km: number | null = cues.storeKm;
    const state: 'open' | 'closing' | 'closed' | null = cues.storeState;
    const device: 'mobile' | 'tablet' | 'desktop' | 'other' = cues.device;
    const custom: number | undefined = cues.custom['cartValue'];
    // @ts-expect-error storeKm may be null
    const kmStrict: number = cues.storeKm;
    void [buy, cueName, terms, lang, km, state, device, custom, kmStrict, ex.forced, ex.threshold];
  }

  document.addEventListener('micromoment:change', (e) => {
    const moment: MicromomentMomentName | null = e.detail.moment;
    const confidence: number = e.detail.confidence;
    const scores: Record<string, number> = e.detail.scores;
    const query: string = e.detail.cues.query;
    // @ts-expect-error no such detail field
    void e.detail.slot;
    void [moment, confidence, scores, query];
  });
  document.addEventListener('micromoment:swap', (e: MicromomentSwapEvent) => {
    const slot: string = e.detail.slot;
    const variant: string = e.detail.variant;
    void [slot, variant, e.detail.moment];
  });
  const onChange = (e: MicromomentChangeEvent): void => void e.detail.moment;
  document.removeEventListener('micromoment:change', onChange);

  const api: MicromomentApi | undefined = window.micromoment;
  if (api) {
    const v: string = api.version;
    const r: Promise<boolean> = api.ready;
    api.setCue('hour', 9);
    void [v, r];
  }

  destroy();
  console.log(version, shown);
}

void main();
