import type { Annotations } from '../transcript/annotations';
import { NO_ANNOTATIONS } from '../transcript/annotations';
import type { RecordingChange } from './recording-snapshot';
import type { TranscriptSaver } from './transcript-saver';

/**
 * One recording's moments and speaker names, held by the owner beside its words: each change is
 * told to the views (so a name given in the side panel shows in the popup too) and saved, by
 * applying the same change to the saved transcript (which the history page may change as well).
 */
export interface RecordingAnnotator {
  readonly annotations: Annotations;
  /** Applies `change`; returns the annotations after it. Nothing is told when nothing changed. */
  change(change: (annotations: Annotations) => Annotations): Annotations;
}

export function createRecordingAnnotator(
  recordingId: string,
  saver: Pick<TranscriptSaver, 'annotate'>,
  tell: (change: RecordingChange) => void,
): RecordingAnnotator {
  let annotations = NO_ANNOTATIONS;
  return {
    get annotations() {
      return annotations;
    },
    change(change) {
      const after = change(annotations);
      if (after === annotations) return annotations;
      annotations = after;
      tell({ type: 'annotations', recordingId, annotations });
      saver.annotate(change);
      return annotations;
    },
  };
}
