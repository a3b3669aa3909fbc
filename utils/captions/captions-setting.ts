import { defineStorageItem } from '../storage-item';

/**
 * The captions' settings, in `storage.local`: the captions' own script in the tab reads them
 * (content scripts can read `local`, not `session`), the popup and the side panel change them.
 */

export const CAPTION_SIZES = ['small', 'medium', 'large'] as const;
export type CaptionSize = (typeof CAPTION_SIZES)[number];

export interface CaptionsSetting {
  /** "Show captions on the page": off until the user turns it on. */
  shown: boolean;
  size: CaptionSize;
}

/** Where the user dragged the captions: the box's centre, as fractions of the viewport. */
export interface CaptionPosition {
  x: number;
  /** From the bottom, so the default sits above a video's controls whatever the height. */
  y: number;
}

export const DEFAULT_CAPTIONS: CaptionsSetting = { shown: false, size: 'medium' };
export const DEFAULT_POSITION: CaptionPosition = { x: 0.5, y: 0.1 };

const isRecordLike = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Whatever was stored (another version, a hand edit): a valid setting. */
export function normalizeCaptions(stored: unknown): CaptionsSetting {
  if (!isRecordLike(stored)) return DEFAULT_CAPTIONS;
  const size = CAPTION_SIZES.find((known) => known === stored.size) ?? DEFAULT_CAPTIONS.size;
  return { shown: stored.shown === true, size };
}

const fraction = (value: unknown, fallback: number, low: number, high: number) =>
  typeof value === 'number' && Number.isFinite(value)
    ? Math.min(high, Math.max(low, value))
    : fallback;

/** A stored or dragged position, kept where the captions stay on screen. */
export function normalizePosition(stored: unknown): CaptionPosition {
  if (!isRecordLike(stored)) return DEFAULT_POSITION;
  return {
    x: fraction(stored.x, DEFAULT_POSITION.x, 0.05, 0.95),
    y: fraction(stored.y, DEFAULT_POSITION.y, 0, 0.9),
  };
}

export const captionsItem = defineStorageItem<CaptionsSetting>('local:captions', {
  fallback: DEFAULT_CAPTIONS,
});
export const captionPositionItem = defineStorageItem<CaptionPosition>('local:caption-position', {
  fallback: DEFAULT_POSITION,
});

export const loadCaptions = async () => normalizeCaptions(await captionsItem.getValue());
export const saveCaptions = (setting: CaptionsSetting) =>
  captionsItem.setValue(normalizeCaptions(setting));
/** Calls back with each new setting; returns the unwatch function. */
export const watchCaptions = (onChange: (setting: CaptionsSetting) => void) =>
  captionsItem.watch((value) => onChange(normalizeCaptions(value)));
