import { existsSync } from 'node:fs';
import { EXTENSION_DIR } from './harness';

/** Fails early, with the fix, when the tests would otherwise time out waiting for a browser. */
export default function checkPrerequisites() {
  if (!existsSync(`${EXTENSION_DIR}/manifest.json`)) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
}
