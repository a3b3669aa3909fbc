import { EXPORT_FORMATS, type ExportFormat } from '../utils/saved/export/export-formats';
import { Button } from './Button';
import { CopyButton } from './CopyButton';
import styles from './TranscriptionPanel.module.css';

interface TranscriptActionsProps {
  recordingId: string;
  copy(): Promise<void>;
  exportAs(recordingId: string, format: ExportFormat): Promise<void>;
  /** Present once the recording ended: opens its saved transcript. */
  onOpenHistory?: ((recordingId: string) => void) | undefined;
}

/** Copy, Export and (once it ended) the way into the history, for one recording's words. */
export function TranscriptActions({
  recordingId,
  copy,
  exportAs,
  onOpenHistory,
}: TranscriptActionsProps) {
  return (
    <div class={styles.links}>
      <CopyButton compact copy={copy} />
      <label class={styles.export}>
        <span class="visually-hidden">Export</span>
        <select
          value=""
          onChange={(event) => {
            const select = event.target as HTMLSelectElement;
            const format = select.value as ExportFormat;
            select.value = '';
            if (format) void exportAs(recordingId, format);
          }}
        >
          <option value="" disabled>
            Export…
          </option>
          {EXPORT_FORMATS.map(({ format, label }) => (
            <option key={format} value={format}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {onOpenHistory && (
        <Button variant="quiet" compact onClick={() => onOpenHistory(recordingId)}>
          Open in history
        </Button>
      )}
    </div>
  );
}
