import { browser } from 'wxt/browser';
import { createCaptureService } from '../../utils/capture/capture-service';
import { openMicrophone, whyMicrophoneEnded } from '../../utils/capture/microphone';
import { openTabAudio } from '../../utils/capture/tab-audio';
import { readBuildConfig } from '../../utils/config';
import { createMessenger } from '../../utils/messaging/client';
import { createPublisher } from '../../utils/messaging/events';
import { createMessageRouter } from '../../utils/messaging/router';
import { openAccountTranscripts } from '../../utils/storage/account-transcripts';
import { connectWithSdk } from '../../utils/transcription/listen-connection';
import { createTranscriptionStream } from '../../utils/transcription/transcription-stream';

// The offscreen document owns the tab's audio: it outlives the popup and keeps running when
// Chrome stops the service worker. It answers only the messages the protocol gives it.
const send = (message: unknown) => browser.runtime.sendMessage(message);
const request = createMessenger(send);
const { deepgramListenUrl } = readBuildConfig(import.meta.env);
const connect = connectWithSdk(deepgramListenUrl);
const workletUrl = browser.runtime.getURL('/pcm-encoder-worklet.js');

const captures = createCaptureService({
  // Opened at each Start, when no other capture runs in this document: any of the account's
  // sessions still marked live was cut off (a crash, a killed browser) and becomes interrupted
  // before anything new is saved.
  openStore: async (accountId) => {
    const store = await openAccountTranscripts(accountId);
    await store.recoverInterrupted(null);
    return store;
  },
  logError: (message, error) => console.error(message, error),
  openTabAudio: (options) => openTabAudio({ ...options, workletUrl }),
  // Granted beforehand on the options page: an offscreen document cannot ask.
  openMicrophone: () => openMicrophone(),
  createStream: (handlers, query) =>
    createTranscriptionStream({
      ...handlers,
      query,
      getToken: async ({ refused }) =>
        (await request('token.get', refused === null ? {} : { refused })).token,
      connect,
      now: Date.now,
    }),
  publish: createPublisher(send),
  reportEnded: (sessionId, error) =>
    void request('session.capture-ended', { sessionId, error }).catch(() => undefined),
  reportHeartbeat: (sessionId) =>
    void request('session.heartbeat', { sessionId }).catch(() => undefined),
  reportMicrophoneLost: (sessionId) =>
    void whyMicrophoneEnded()
      .then((reason) => request('session.microphone-lost', { sessionId, reason }))
      .catch(() => undefined),
  reportConnection: (sessionId, state) =>
    void request('session.connection-changed', { sessionId, state }).catch(() => undefined),
  now: Date.now,
});

browser.runtime.onMessage.addListener(
  createMessageRouter({
    owner: 'offscreen',
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    handlers: {
      'capture.start': (capture) => captures.start(capture),
      'capture.stop': async ({ sessionId }) => {
        await captures.stop(sessionId);
        return {};
      },
      'transcript.get': () => captures.transcript(),
      'capture.status': () => captures.status(),
    },
  }),
);
