import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { registerPcmEncoder } from '../utils/recording/audio/pcm-encoder';

// Built as its own self-contained file, in development as in production: an AudioWorklet module
// cannot import from the development server, and has no `chrome` or `window`.
export default defineUnlistedScript(() => registerPcmEncoder());
