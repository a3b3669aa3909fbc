import * as v from 'valibot';

/**
 * What the offscreen document needs to capture a tab and stream it, as the worker sends it after
 * its checks (`capture.start`). Its own module: the message table and the recorder both use it.
 */
/** An account's id, as Supabase Auth gives it (the user's UUID). */
export const ACCOUNT_ID = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

export const CAPTURE_REQUEST = v.strictObject({
  recordingId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /** The signed-in account the recording is for: its transcript is saved among theirs. */
  accountId: ACCOUNT_ID,
  tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** From `tabCapture.getMediaStreamId`. */
  streamId: v.pipe(v.string(), v.minLength(1), v.maxLength(2_000)),
  /** The tab's title and address, saved with the transcript. */
  title: v.string(),
  url: v.string(),
  /** The user's settings at Start; normalized where they are used (`normalizeSettings`). */
  settings: v.record(v.string(), v.unknown()),
});
export type CaptureRequest = v.InferOutput<typeof CAPTURE_REQUEST>;
