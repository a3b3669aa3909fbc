import { browser } from 'wxt/browser';
import type { CaptionsClient } from '../../components/CaptionsControl';
import { CAPTION_HOSTS, captionsProblemItem } from './caption-access';
import { loadCaptions, saveCaptions, watchCaptions } from './captions-setting';

/** The captions control of the popup and the side panel, wired to storage and permissions. */
export const captionsClient: CaptionsClient = {
  load: loadCaptions,
  save: saveCaptions,
  watch: watchCaptions,
  watchProblem(onChange) {
    void captionsProblemItem.getValue().then(onChange);
    return captionsProblemItem.watch(onChange);
  },
  requestAccess: () => browser.permissions.request({ origins: CAPTION_HOSTS }),
};
