// A minimal Chrome DevTools Protocol client over a WebSocket, for the V8 inspector of any process
// that speaks it: a Chromium target (the offscreen document) or Deno under --inspect. Playwright's
// own CDP sessions reach pages and workers only, not an offscreen document nor another process.

/**
 * @typedef {object} Cdp
 * @property {(method: string, params?: object) => Promise<any>} send
 * @property {(method: string, listener: (params: any) => void) => void} on
 * @property {() => void} close
 */

/**
 * @param {string} webSocketUrl a target's `webSocketDebuggerUrl`
 * @returns {Promise<Cdp>}
 */
export async function connectCdp(webSocketUrl) {
  const socket = new WebSocket(webSocketUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`no inspector at ${webSocketUrl}`)), {
      once: true,
    });
  });
  let nextId = 1;
  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  /** @type {Map<string, ((params: any) => void)[]>} */
  const listeners = new Map();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id === undefined) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params);
      return;
    }
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(`${message.error.message} (${message.id})`));
    else waiting?.resolve(message.result);
  });
  socket.addEventListener('close', () => {
    for (const waiting of pending.values()) waiting.reject(new Error('the inspector closed'));
    pending.clear();
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    on: (method, listener) => listeners.set(method, [...(listeners.get(method) ?? []), listener]),
    close: () => socket.close(),
  };
}

/**
 * The targets an inspector lists at `http://host:port/json/list` (Chromium and Deno alike).
 * @param {string} httpUrl e.g. `http://127.0.0.1:9229`
 * @returns {Promise<{ type: string, url: string, webSocketDebuggerUrl: string }[]>}
 */
export async function inspectorTargets(httpUrl) {
  return (await fetch(`${httpUrl}/json/list`)).json();
}

/**
 * The JS heap in use after a full garbage collection, in bytes: what is really held, not what the
 * collector has yet to free. (V8's `usedSize`: array buffers' contents live outside it.)
 * @param {Cdp} cdp
 */
export async function heapAfterGc(cdp) {
  // Twice: a first collection can leave objects whose finalizers free more on the next.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return /** @type {number} */ (usedSize);
}

/**
 * A heap snapshot summed by constructor (or node type for strings, code, arrays): count and
 * bytes of each, to compare two moments and see what grew. Plain objects are told apart by their
 * properties (`Object {start,end}`), and each is charged with the numbers it holds (V8 boxes a
 * fractional number in a heap object of its own), so a kind of record is seen at its full cost.
 * @param {Cdp} cdp
 * @returns {Promise<Map<string, { count: number, bytes: number }>>}
 */
export async function heapByConstructor(cdp) {
  /** @type {string[]} */
  const chunks = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const { snapshot, nodes, edges, strings } = JSON.parse(chunks.join(''));
  chunks.length = 0;
  const { node_fields: nodeFields, edge_fields: edgeFields } = snapshot.meta;
  const [nodeTypes] = snapshot.meta.node_types;
  const [edgeTypes] = snapshot.meta.edge_types;
  const typeAt = nodeFields.indexOf('type');
  const nameAt = nodeFields.indexOf('name');
  const sizeAt = nodeFields.indexOf('self_size');
  const edgesAt = nodeFields.indexOf('edge_count');
  const edgeTypeAt = edgeFields.indexOf('type');
  const edgeNameAt = edgeFields.indexOf('name_or_index');
  const toAt = edgeFields.indexOf('to_node');
  const nodeStride = nodeFields.length;
  const edgeStride = edgeFields.length;
  /** @type {Map<string, { count: number, bytes: number }>} */
  const sums = new Map();
  const add = (/** @type {string} */ key, /** @type {number} */ bytes, count = 1) => {
    const sum = sums.get(key) ?? { count: 0, bytes: 0 };
    sum.count += count;
    sum.bytes += bytes;
    sums.set(key, sum);
  };
  // Numbers held by a plain object's properties: charged to it, not to "(number)".
  const owned = new Set();
  let edge = 0;
  for (let i = 0; i < nodes.length; i += nodeStride) {
    const edgeEnd = edge + nodes[i + edgesAt] * edgeStride;
    const type = nodeTypes[nodes[i + typeAt]];
    if (type === 'object' && strings[nodes[i + nameAt]] === 'Object') {
      /** @type {string[]} */
      const properties = [];
      let numbers = 0;
      for (let e = edge; e < edgeEnd; e += edgeStride) {
        if (edgeTypes[edges[e + edgeTypeAt]] !== 'property') continue;
        properties.push(strings[edges[e + edgeNameAt]]);
        const to = edges[e + toAt];
        if (nodeTypes[nodes[to + typeAt]] === 'number' && !owned.has(to)) {
          owned.add(to);
          numbers += nodes[to + sizeAt];
        }
      }
      add(`Object {${properties.slice(0, 6).join(',')}}`, nodes[i + sizeAt] + numbers);
    }
    edge = edgeEnd;
  }
  for (let i = 0; i < nodes.length; i += nodeStride) {
    const type = nodeTypes[nodes[i + typeAt]];
    const name = strings[nodes[i + nameAt]];
    if (owned.has(i) || (type === 'object' && name === 'Object')) continue;
    add(type === 'object' || type === 'closure' ? name : `(${type})`, nodes[i + sizeAt]);
  }
  return sums;
}

/**
 * What grew between two summaries, most bytes first.
 * @param {Map<string, { count: number, bytes: number }>} before
 * @param {Map<string, { count: number, bytes: number }>} after
 */
export function heapGrowth(before, after) {
  return [...after]
    .map(([name, { count, bytes }]) => ({
      name,
      'count added': count - (before.get(name)?.count ?? 0),
      'bytes added': bytes - (before.get(name)?.bytes ?? 0),
    }))
    .sort((a, b) => b['bytes added'] - a['bytes added']);
}
