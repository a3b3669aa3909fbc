import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from './Button';

/** How long the button says "Copied" before it offers "Copy" again. */
export const COPIED_FOR_MS = 2_000;

interface CopyButtonProps {
  /** Puts the text on the clipboard; the button says "Copied" once it has. */
  copy: () => Promise<void>;
  variant?: 'secondary' | 'quiet';
  compact?: boolean;
}

/**
 * "Copy", then "Copied" for two seconds: long enough to be read, short enough that a later copy
 * (of more words) is confirmed too.
 */
export function CopyButton({ copy, variant = 'quiet', compact = false }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const reset = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (reset.current !== null) clearTimeout(reset.current);
    },
    [],
  );

  const onClick = () =>
    void copy().then(() => {
      if (reset.current !== null) clearTimeout(reset.current);
      setCopied(true);
      reset.current = setTimeout(() => {
        reset.current = null;
        setCopied(false);
      }, COPIED_FOR_MS);
    });

  return (
    <Button variant={variant} compact={compact} onClick={onClick}>
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}
