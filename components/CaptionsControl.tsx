import { useEffect, useState } from 'preact/hooks';
import type { CaptionsProblem } from '../utils/captions/caption-access';
import type { CaptionsClient } from '../utils/captions/captions-client';
import {
  CAPTION_SIZES,
  type CaptionSize,
  type CaptionsSetting,
} from '../utils/captions/captions-setting';
import { Button } from './Button';
import styles from './CaptionsControl.module.css';
import { Notice } from './Notice';

const SIZE_NAMES: Record<CaptionSize, string> = {
  small: 'Small',
  medium: 'Medium',
  large: 'Large',
};

/**
 * "Show captions on the page", their size (unless `withSize` is false: the popup leaves it to
 * the side panel, for room), and what stops them being drawn, if anything.
 */
export function CaptionsControl({
  client,
  withSize = true,
}: {
  client: CaptionsClient;
  withSize?: boolean;
}) {
  // Null until the stored setting is read: a checkbox drawn with the default first would show
  // "off" for a moment, and a click then would turn the captions on instead of off.
  const [setting, setSetting] = useState<CaptionsSetting | null>(null);
  const [problem, setProblem] = useState<CaptionsProblem | null>(null);
  useEffect(() => {
    void client.load().then(setSetting);
    const unwatchSetting = client.watch(setSetting);
    const unwatchProblem = client.watchProblem(setProblem);
    return () => {
      unwatchSetting();
      unwatchProblem();
    };
  }, [client]);
  const change = (next: CaptionsSetting) => {
    setSetting(next);
    void client.save(next);
  };

  if (!setting) return null;
  return (
    <div class={styles.captions}>
      <label class={styles.toggle}>
        <input
          type="checkbox"
          checked={setting.shown}
          onChange={(event) => change({ ...setting, shown: event.currentTarget.checked })}
        />
        Show captions on the page
      </label>
      {setting.shown && withSize && (
        <label class={styles.size}>
          Caption size
          <select
            value={setting.size}
            onChange={(event) =>
              change({ ...setting, size: event.currentTarget.value as CaptionSize })
            }
          >
            {CAPTION_SIZES.map((size) => (
              <option key={size} value={size}>
                {SIZE_NAMES[size]}
              </option>
            ))}
          </select>
        </label>
      )}
      {setting.shown && problem?.reason === 'needs_access' && (
        <div class={styles.problem}>
          <Notice
            tone="info"
            action={
              <Button compact onClick={() => void client.requestAccess()}>
                Allow captions on other sites
              </Button>
            }
          >
            The tab has moved to another site, where Tabscribe may not draw captions yet. Allow it
            once and captions follow the tab wherever it goes; Tabscribe reads nothing from the
            pages.
          </Notice>
        </div>
      )}
      {setting.shown && problem?.reason === 'not_here' && (
        <div class={styles.problem}>
          <Notice tone="info">
            Chrome lets no extension draw on this page, so there are no captions on it; the words
            still appear here.
          </Notice>
        </div>
      )}
    </div>
  );
}
