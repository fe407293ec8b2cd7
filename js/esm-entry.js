// micromoment loader (ES module): <script type="module" src="/micromoment/micromoment.js"></script>
//@tag
// The glue is imported dynamically, so a missing file is reported like any
// other failure instead of stopping this module.
const core = {};
async function load() {
  const glue = await import(new URL('micromoment_core.js', import.meta.url).href);
  Object.assign(core, glue);
  await glue.default({ module_or_path: await fetchWasm(new URL('micromoment_core_bg.wasm', import.meta.url)) });
}
const api = createTag(core, load, import.meta.url);
export const { moment, explain, setCue, force, consent, forget, debug, destroy, ready } = api;
export default api;
