// micromoment loader (ES module): <script type="module" src="/micromoment/micromoment.js"></script>
import init, * as core from './micromoment_core.js';
//@tag
const api = createTag(core, () => init({ module_or_path: new URL('micromoment_core_bg.wasm', import.meta.url) }), import.meta.url);
export const { moment, explain, setCue, force, consent, forget, debug, destroy, ready } = api;
export default api;
