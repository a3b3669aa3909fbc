import styles from './TranscriptionPanel.module.css';

/**
 * How loud the tab is right now: proof that Tabscribe hears it. The scale is logarithmic
 * (−60 dBFS empty, 0 dBFS full), as ears are.
 */
export function LevelMeter({ level }: { level: number }) {
  const db = level > 0 ? 20 * Math.log10(level) : -60;
  const fill = Math.round(Math.min(1, Math.max(0, (db + 60) / 60)) * 100);
  return (
    <meter class={styles.meter} aria-label="Tab’s sound level" min={0} max={100} value={fill} />
  );
}
