import { browser } from 'wxt/browser';
import { serveCaptions } from '../../utils/captions/caption-channel';
import { readBuildConfig } from '../../utils/config';
import { serveMediaClock } from '../../utils/media/media-clock-channel';
import { createMessenger } from '../../utils/messaging/client';
import { createMessageRouter, isExtensionPage } from '../../utils/messaging/router';
import { openMicrophone, whyMicrophoneEnded } from '../../utils/recording/capture/microphone';
import { encodingContexts, openTabAudio } from '../../utils/recording/capture/tab-audio';
import { createRecorder } from '../../utils/recording/recorder';
import { reportToWorker, STATUS_PORT, serveViews } from '../../utils/recording/recording-channel';
import { OWNER_READY } from '../../utils/recording/recording-view';
import { connectWithSdk } from '../../utils/recording/stream/listen-connection';
import { createTranscriptionStream } from '../../utils/recording/stream/transcription-stream';
import { openAccountTranscripts } from '../../utils/saved/transcript-store';

// The offscreen document owns the recording: the tab's audio, the stream, the state machine and
// the transcript. It outlives the popup and keeps running when Chrome stops the service worker.
const request = createMessenger((message) => browser.runtime.sendMessage(message));
const { deepgramListenUrl } = readBuildConfig(import.meta.env);
const connect = connectWithSdk(deepgramListenUrl);
// Each capture's end makes the next Start's encoder context (tab-audio.ts). Not made as the
// document loads: the first Start comes with the load and would wait on it the same.
const encoders = encodingContexts(browser.runtime.getURL('/pcm-encoder-worklet.js'));
const extensionOrigin = browser.runtime.getURL('/');

const recorder = createRecorder({
  // Opened at each Start, when no other recording runs in this document: any of the account's
  // transcripts still marked live was cut off (a crash, a killed browser) and becomes
  // interrupted before anything new is saved.
  openStore: async (accountId) => {
    const store = await openAccountTranscripts(accountId);
    await store.recoverInterrupted(null);
    return store;
  },
  logError: (message, error) => console.error(message, error),
  openTabAudio: (options) => openTabAudio({ ...options, encoders }),
  // Granted beforehand on the options page: an offscreen document cannot ask.
  openMicrophone: () => openMicrophone(),
  whyMicrophoneEnded,
  createStream: (handlers, query) =>
    createTranscriptionStream({
      ...handlers,
      query,
      getToken: async ({ refused }) =>
        (await request('token.get', refused === null ? {} : { refused })).token,
      connect,
      now: Date.now,
    }),
  now: Date.now,
});

serveViews(recorder, browser.runtime.onConnect, (port) =>
  isExtensionPage(port.sender ?? {}, browser.runtime.id, extensionOrigin),
);
serveCaptions(recorder, browser.runtime.onConnect, browser.runtime.id);
reportToWorker(recorder, () => browser.runtime.connect({ name: STATUS_PORT }));
serveMediaClock({
  onConnect: browser.runtime.onConnect,
  extensionId: browser.runtime.id,
  recordedTab: () => recorder.recordedTab(),
  onReading: (reading) => recorder.mediaReading(reading),
  now: Date.now,
});

browser.runtime.onMessage.addListener(
  createMessageRouter({
    owner: 'offscreen',
    extensionId: browser.runtime.id,
    extensionOrigin,
    handlers: {
      'capture.start': (capture) => recorder.start(capture),
      'recording.stop': ({ reason }) => recorder.stop(reason ?? 'stopped'),
      'recording.get': () => recorder.snapshot(),
      'recording.state': () => recorder.state,
      'recording.diagnostics': () => recorder.diagnostics(),
      'recording.signed-in': ({ accountId }) => recorder.signedIn(accountId),
      'recording.transcripts-removed': ({ accountId }) => recorder.transcriptsRemoved(accountId),
      'recording.mark-moment': () => ({ moment: recorder.markMoment() }),
      'recording.note-moment': ({ id, note }) => ({ annotations: recorder.noteMoment(id, note) }),
      'recording.rename-speaker': ({ speaker, name }) => ({
        annotations: recorder.renameSpeaker(speaker, name),
      }),
    },
  }),
);

// Views opened before this document existed are waiting to connect.
void browser.runtime.sendMessage(OWNER_READY).catch(() => undefined);
