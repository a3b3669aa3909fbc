import { describe, expect, it } from 'vitest';
import { CHANNEL, MESSAGES, type MessageType, parseMessage } from './protocol';

const CAPTURE = {
  recordingId: 'r1',
  accountId: 'ada',
  tabId: 7,
  streamId: 'stream',
  title: 'Lecture',
  url: 'https://example.com',
  settings: { model: 'nova-3' },
};

/** For each message: a request its schema takes, and ones it refuses. */
const requests: Record<MessageType, { valid: unknown[]; invalid: unknown[] }> = {
  'status.get': { valid: [{}, { tabId: 7 }], invalid: [{ tabId: '7' }, { tabId: 1.5 }, { x: 1 }] },
  'account.get': { valid: [{}], invalid: [{ extra: true }, null, 'all'] },
  'account.sign-in-password': {
    valid: [{ email: 'a@b.co', password: 'pw' }],
    invalid: [
      { email: 'a@b.co' },
      { email: 'a@b.co', password: 42 },
      { email: 'a', password: 'b', c: 1 },
    ],
  },
  'account.send-code': { valid: [{ email: 'a@b.co' }], invalid: [{}, { email: 1 }] },
  'account.verify-code': {
    valid: [{ email: 'a@b.co', code: '123456' }],
    invalid: [{ email: 'a@b.co' }, { code: '1' }],
  },
  'account.sign-in-google': { valid: [{}], invalid: [{ provider: 'google' }] },
  'account.sign-out': {
    valid: [{}, { removeTranscripts: true }],
    invalid: [{ removeTranscripts: 'yes' }, { everything: true }],
  },
  'token.get': { valid: [{}, { refused: 'dg-token' }], invalid: [{ refused: 1 }, { force: true }] },
  'token.warm': { valid: [{}], invalid: [{ now: true }] },
  'recording.start': { valid: [{ tabId: 7 }], invalid: [{}, { tabId: -1 }, { tabId: 7, x: 1 }] },
  'capture.start': {
    valid: [CAPTURE],
    invalid: [
      { ...CAPTURE, tabId: 'x' },
      { ...CAPTURE, streamId: '' },
      { ...CAPTURE, extra: 1 },
    ],
  },
  'recording.stop': {
    valid: [{}, { reason: 'tab_closed' }],
    invalid: [{ reason: 'failed' }, { reason: 'because' }],
  },
  'recording.get': { valid: [{}], invalid: [{ all: true }] },
  'recording.state': { valid: [{}], invalid: [{ transcript: true }] },
  'recording.diagnostics': { valid: [{}], invalid: [{ all: true }] },
  'recording.signed-in': {
    valid: [{ accountId: 'ada' }],
    invalid: [{}, { userId: 'ada' }, { accountId: '' }, { accountId: 'ada', extra: 1 }],
  },
  'recording.transcripts-removed': {
    valid: [{ accountId: 'ada' }],
    invalid: [{}, { accountId: 7 }, { accountId: 'ada', removeTranscripts: true }],
  },
  'recording.mark-moment': { valid: [{}], invalid: [{ at: 5 }] },
  'recording.note-moment': {
    valid: [
      { id: 'm1', note: 'the deadline' },
      { id: 'm12', note: '' },
    ],
    invalid: [{ id: 'x', note: 'a' }, { id: 'm1' }, { id: 'm1', note: 'x'.repeat(2_001) }],
  },
  'recording.rename-speaker': {
    valid: [
      { speaker: 'speaker-0', name: 'Ada' },
      { speaker: 'you', name: '' },
      { speaker: 'tab', name: 'Lecturer' },
    ],
    invalid: [{ speaker: 'Speaker 1', name: 'Ada' }, { speaker: 'you' }, { name: 'Ada' }],
  },
};

describe('the message table', () => {
  it('has a row of requests for every message it declares', () => {
    expect(Object.keys(requests).sort()).toEqual(Object.keys(MESSAGES).sort());
  });

  describe.each(Object.entries(requests))('%s', (type, { valid, invalid }) => {
    it.each(valid)('takes %j, with its owner', (request) => {
      expect(parseMessage({ channel: CHANNEL, type, request })).toMatchObject({
        kind: 'valid',
        owner: MESSAGES[type as MessageType].owner,
      });
    });
    it.each(invalid)('refuses %j', (request) => {
      expect(parseMessage({ channel: CHANNEL, type, request })).toMatchObject({ kind: 'invalid' });
    });
  });

  it('sorts what is not a request of this build', () => {
    expect(parseMessage({ type: 'status.get', request: {} })).toEqual({ kind: 'foreign' });
    expect(parseMessage({ channel: CHANNEL, type: 'session.get', request: {} })).toEqual({
      kind: 'unknown',
      type: 'session.get',
    });
  });
});
