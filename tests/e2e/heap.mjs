// What scripts hold in a page's heap, for memory checks that must not
// count V8's compiled code (it grows as functions are optimized).

// Buffers of the browser and of the DevTools session that drives it: the
// requests the browser makes on each history change (it fetches the
// favicon again), kept by DevTools' network domain, and the resource timing
// buffer (at most 250 entries).
const BROWSER_BUFFERS = ['blink::NetworkResourcesData', 'PerformanceResourceTiming'];

/**
 * The bytes of what scripts can hold on to: objects, closures, strings,
 * arrays, numbers and DOM wrappers in a heap snapshot taken after a garbage
 * collection, without V8's own compiled code and caches. `cdp` is a
 * DevTools session of the page.
 */
export async function dataBytes(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join(''));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kept = new Set(['object', 'closure', 'string', 'concatenated string', 'sliced string', 'array', 'regexp', 'number', 'native']);
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]];
    if (!kept.has(type)) continue;
    const name = String(snap.strings[snap.nodes[i + nameAt]]);
    if (name.startsWith('system /') || BROWSER_BUFFERS.some((b) => name.startsWith(b))) continue;
    total += snap.nodes[i + sizeAt];
  }
  return total;
}

