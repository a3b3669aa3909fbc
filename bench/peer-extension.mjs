// The simplest peer Tabscribe's capture cost is compared with: tab capture as Deepgram's tutorial
// extension does it, a MediaRecorder (Opus in WebM, 250 ms timeslice) whose every blob goes over a
// WebSocket as it comes. The bench writes it into a temp folder at run time; it is not part of the
// product. Its bytes go to a WebSocket sink in the bench's own process: the Deepgram stand-in
// accepts only linear16 audio, and the sink's CPU is not the browser's, as the stand-in's is not.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

/** Like Tabscribe's shortcut, with U for Y: Alt+Shift+U is assigned in Chromium 156. */
export const PEER_SHORTCUT_LETTER = 'U';

const manifest = {
  manifest_version: 3,
  name: 'Bench peer: MediaRecorder tab capture',
  version: '1.0',
  permissions: ['tabCapture', 'offscreen'],
  background: { service_worker: 'background.js' },
  action: { default_title: 'Bench peer' },
  commands: {
    toggle: {
      suggested_key: { default: `Alt+Shift+${PEER_SHORTCUT_LETTER}` },
      description: 'Start or stop capturing the tab',
    },
  },
};

// The worker gets the stream id for the tab the shortcut was pressed on (that invocation is what
// lets it capture), hands it to the offscreen document, and shows "REC" on the badge while the
// recorder runs: the same signal the bench reads from Tabscribe.
const background = (/** @type {string} */ sinkUrl) => `
let capturing = null;
async function ensureOffscreen() {
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (contexts.length > 0) return;
  await chrome.offscreen.createDocument({
    url: 'offscreen.html',
    reasons: ['USER_MEDIA'],
    justification: 'Recording the tab',
  });
}
chrome.commands.onCommand.addListener(async (command, tab) => {
  if (command !== 'toggle' || !tab?.id) return;
  if (capturing !== null) {
    const tabId = capturing;
    capturing = null;
    await chrome.runtime.sendMessage({ target: 'offscreen', type: 'stop' });
    await chrome.action.setBadgeText({ tabId, text: '' });
    return;
  }
  capturing = tab.id;
  const streamId = await chrome.tabCapture.getMediaStreamId({ targetTabId: tab.id });
  await ensureOffscreen();
  const started = await chrome.runtime.sendMessage({
    target: 'offscreen', type: 'start', streamId, url: ${JSON.stringify(sinkUrl)},
  });
  await chrome.action.setBadgeText({ tabId: tab.id, text: started ? 'REC' : '!' });
});
`;

// The offscreen document: the tab's stream, played back so the tab stays audible (capturing a
// tab mutes it otherwise; Tabscribe plays it back too), and recorded in 250 ms blobs sent as is.
const offscreen = `
let recording = null;
chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  if (message.target !== 'offscreen') return false;
  if (message.type === 'start') start(message).then(() => reply(true), () => reply(false));
  if (message.type === 'stop') { stop(); reply(true); }
  return true;
});
async function start({ streamId, url }) {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { mandatory: { chromeMediaSource: 'tab', chromeMediaSourceId: streamId } },
  });
  const audio = new AudioContext();
  audio.createMediaStreamSource(stream).connect(audio.destination);
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm' });
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0 && socket.readyState === WebSocket.OPEN) socket.send(event.data);
  };
  recorder.start(250);
  recording = { stream, audio, socket, recorder };
}
function stop() {
  if (!recording) return;
  const { stream, audio, socket, recorder } = recording;
  recording = null;
  recorder.stop();
  for (const track of stream.getTracks()) track.stop();
  void audio.close();
  socket.close();
}
`;

/**
 * Writes the peer extension into `dir`.
 * @param {string} dir
 * @param {string} sinkUrl the WebSocket its recorder's blobs go to
 */
export async function writePeerExtension(dir, sinkUrl) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(dir, 'background.js'), background(sinkUrl));
  await writeFile(
    join(dir, 'offscreen.html'),
    '<!doctype html><meta charset="utf-8"><script src="offscreen.js"></script>',
  );
  await writeFile(join(dir, 'offscreen.js'), offscreen);
  return dir;
}

/**
 * A local WebSocket that counts what each connection sends: proof the peer's bytes really leave.
 * @returns {Promise<{ url: string, bytesReceived: () => number, close: () => Promise<void> }>}
 */
export async function startSink() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  let bytes = 0;
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      bytes += Array.isArray(data)
        ? data.reduce((sum, part) => sum + part.length, 0)
        : data.byteLength;
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `ws://127.0.0.1:${address.port}/listen`,
    bytesReceived: () => bytes,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
