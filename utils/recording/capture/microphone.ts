import { ExtensionError, toErrorInfo } from '../../errors';
import type { StreamInfo } from '../recording-state';

/**
 * The user's microphone, as "Include my microphone" uses it. Chrome asks for the permission
 * only from a page the user can see, so the options page asks (`requestMicrophoneAccess`) when
 * the option is turned on, and the offscreen document, which cannot prompt, opens the microphone
 * at each Start with the permission that page obtained (`openMicrophone`).
 */

/**
 * The browser's voice processing. Echo cancellation matters most: with speakers, the
 * microphone hears the tab being played back, and those words would be transcribed twice, once
 * as "You". Chrome's canceller takes everything Chrome plays as its reference, the tab's
 * playback included.
 */
export const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  channelCount: 1,
};

/** What a refused getUserMedia means to the user. */
function microphoneError(error: unknown): ExtensionError {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new ExtensionError('microphone_missing', name);
  }
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new ExtensionError('microphone_blocked', name);
  }
  // A device in use elsewhere, or a driver failing, reads best as "missing": connect one.
  return new ExtensionError(
    'microphone_missing',
    error instanceof Error ? error.message : String(error),
  );
}

type MediaDevicesLike = Pick<MediaDevices, 'getUserMedia'>;

/** Opens the microphone with voice processing on; rejects with `microphone_*` errors. */
export async function openMicrophone(
  devices: MediaDevicesLike = navigator.mediaDevices,
): Promise<MediaStream> {
  try {
    return await devices.getUserMedia({ audio: MICROPHONE_CONSTRAINTS, video: false });
  } catch (error) {
    throw microphoneError(error);
  }
}

/**
 * From a visible extension page: asks Chrome for the microphone (Chrome prompts the first
 * time), then lets it go at once. Resolves when Tabscribe may use it.
 */
export async function requestMicrophoneAccess(
  devices: MediaDevicesLike = navigator.mediaDevices,
): Promise<void> {
  const stream = await openMicrophone(devices);
  for (const track of stream.getTracks()) track.stop();
}

export type MicrophonePermission = 'granted' | 'denied' | 'prompt' | 'unknown';

/** Why a microphone stopped mid-recording, as the user needs to hear it. */
export type MicrophoneEnd = 'microphone_lost' | 'microphone_revoked';

/**
 * A microphone track that ends while Tabscribe still may use the microphone was unplugged (or
 * taken); one that ends with the permission gone (blocked, or reset to ask again) was taken
 * back, and only allowing it again brings it back.
 */
export function microphoneEnd(permission: MicrophonePermission): MicrophoneEnd {
  return permission === 'denied' || permission === 'prompt'
    ? 'microphone_revoked'
    : 'microphone_lost';
}

/** Why the microphone just stopped: asks Chrome whether Tabscribe still may use it. */
export async function whyMicrophoneEnded(
  permissions: Pick<Permissions, 'query'> | undefined = navigator.permissions,
): Promise<MicrophoneEnd> {
  return microphoneEnd(await microphonePermission(permissions));
}

/** Whether Chrome lets Tabscribe's pages use the microphone, without prompting. */
export async function microphonePermission(
  permissions: Pick<Permissions, 'query'> | undefined = navigator.permissions,
): Promise<MicrophonePermission> {
  try {
    const status = await permissions?.query({ name: 'microphone' as PermissionName });
    return status?.state ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The user's microphone when their settings include it. A refused one does not stop the tab's
 * transcription: the recording goes on without it and says why (`microphoneError`).
 */
export async function openWantedMicrophone(
  wanted: boolean,
  open: () => Promise<MediaStream>,
): Promise<{
  microphone: MediaStream | null;
  microphoneUse: Pick<StreamInfo, 'microphone' | 'microphoneError'>;
}> {
  if (!wanted) return { microphone: null, microphoneUse: { microphone: 'off' } };
  try {
    return { microphone: await open(), microphoneUse: { microphone: 'included' } };
  } catch (error) {
    return {
      microphone: null,
      microphoneUse: { microphone: 'unavailable', microphoneError: toErrorInfo(error) },
    };
  }
}
