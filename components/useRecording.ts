import { useEffect, useState } from 'preact/hooks';
import {
  type RecordingViewModel,
  reduceView,
  UNKNOWN_VIEW,
  type ViewInput,
} from '../utils/recording/recording-view';

/** Feeds a view its inputs until the returned function is called (`watchRecording` in pages). */
export type RecordingSource = (onInput: (input: ViewInput) => void) => () => void;

/** The recording as its owner publishes it, kept current while the view is open. */
export function useRecording(source: RecordingSource, now: () => number): RecordingViewModel {
  const [view, setView] = useState<RecordingViewModel>(UNKNOWN_VIEW);
  useEffect(() => source((input) => setView((known) => reduceView(known, input, now()))), [source]);
  return view;
}
