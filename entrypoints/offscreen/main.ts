import { browser } from 'wxt/browser';
import { createCaptureService } from '../../utils/capture/capture-service';
import { openTabAudio } from '../../utils/capture/tab-audio';
import { readBuildConfig } from '../../utils/config';
import { createMessenger } from '../../utils/messaging/client';
import { createPublisher } from '../../utils/messaging/events';
import { createMessageRouter } from '../../utils/messaging/router';
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
  openTabAudio: (options) => openTabAudio({ ...options, workletUrl }),
  createStream: (handlers) =>
    createTranscriptionStream({
      ...handlers,
      getToken: async () => (await request('token.get', {})).token,
      connect,
      now: Date.now,
    }),
  publish: createPublisher(send),
  reportEnded: (sessionId, error) =>
    void request('session.capture-ended', { sessionId, error }).catch(() => undefined),
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
