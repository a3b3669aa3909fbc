import { nativeBrowser } from '../native-browser';
import { CAPTION_HOSTS, type CaptionsProblem, captionsProblemItem } from './caption-access';
import {
  type CaptionsSetting,
  loadCaptions,
  saveCaptions,
  watchCaptions,
} from './captions-setting';

/** What the captions control needs from the extension; wired below to storage and permissions. */
export interface CaptionsClient {
  load(): Promise<CaptionsSetting>;
  save(setting: CaptionsSetting): Promise<void>;
  /** Calls back with each change of the setting; returns the unwatch function. */
  watch(onChange: (setting: CaptionsSetting) => void): () => void;
  /** Calls back with the captions' problem now and at each change; returns the unwatch. */
  watchProblem(onChange: (problem: CaptionsProblem | null) => void): () => void;
  /** Asks Chrome for the optional host permission (inside the click's gesture). */
  requestAccess(): Promise<boolean>;
}

/** The captions control of the popup and the side panel, wired to storage and permissions. */
export const captionsClient: CaptionsClient = {
  load: loadCaptions,
  save: saveCaptions,
  watch: watchCaptions,
  watchProblem(onChange) {
    void captionsProblemItem.getValue().then(onChange);
    return captionsProblemItem.watch(onChange);
  },
  requestAccess: () => nativeBrowser.permissions.request({ origins: CAPTION_HOSTS }),
};
