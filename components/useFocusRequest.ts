import { useEffect, useRef, useState } from 'preact/hooks';

const FOCUSABLE = 'button, input, [tabindex]';

/**
 * Moves focus where a keyboard or screen-reader user expects it when what had it goes away (a
 * view closes, a button is replaced): to the element marked `data-focus-key="<key>"` inside
 * `root`, or the first button or field inside that element, once the next render has drawn it;
 * to the `fallback` key's element when that render does not draw the first.
 */
export function useFocusRequest<T extends HTMLElement>() {
  const root = useRef<T>(null);
  const [request, setRequest] = useState<{ key: string; fallback?: string | undefined } | null>(
    null,
  );
  useEffect(() => {
    if (!request) return;
    setRequest(null);
    for (const key of [request.key, request.fallback]) {
      if (!key) continue;
      const marked = root.current?.querySelector<HTMLElement>(
        `[data-focus-key="${CSS.escape(key)}"]`,
      );
      const target = marked?.matches(FOCUSABLE)
        ? marked
        : marked?.querySelector<HTMLElement>('button, input');
      if (target) {
        target.focus();
        return;
      }
    }
  }, [request]);
  return {
    root,
    focusAfterRender: (key: string, fallback?: string) => setRequest({ key, fallback }),
  };
}
