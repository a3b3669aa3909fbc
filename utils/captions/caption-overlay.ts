import { CAPTION_CSS } from './caption-style';
import type { CaptionText } from './caption-text';
import type { CaptionPosition, CaptionSize } from './captions-setting';

/**
 * The captions drawn over the recorded page: a host element with an open shadow root (tests find
 * the region in it; the page's styles cannot reach it), shown as a popover so it sits in the top
 * layer above whatever the page stacks, moved into the fullscreen element when there is one (and
 * shown again, since the fullscreen element enters the top layer above it). It puts itself back
 * when the page removes it, a bounded number of times so a hostile page cannot make it spin.
 * Only the user's own pointer and keys move it: events a page script makes are not trusted.
 */

export interface CaptionOverlay {
  show(caption: CaptionText): void;
  setSize(size: CaptionSize): void;
  remove(): void;
}

interface OverlayOptions {
  size: CaptionSize;
  position: CaptionPosition;
  /** The user moved the captions (at the end of a drag or a key press). */
  onMoved(position: CaptionPosition): void;
}

/** Elements whose children are never rendered: the captions stay beside them, in the top layer. */
const HOLDS_NO_CHILDREN = new Set(['VIDEO', 'AUDIO', 'IMG', 'CANVAS', 'IFRAME', 'EMBED', 'OBJECT']);
const MAX_RESTORES = 20;
const KEY_STEP = 0.02;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function createCaptionOverlay(doc: Document, options: OverlayOptions): CaptionOverlay {
  const host = doc.createElement('tabscribe-captions');
  const popover = typeof host.showPopover === 'function';
  if (popover) host.setAttribute('popover', 'manual');
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = CAPTION_CSS;
  const region = doc.createElement('div');
  region.setAttribute('role', 'region');
  region.setAttribute('aria-label', 'Tabscribe captions');
  region.tabIndex = 0;
  region.title = 'Drag to move, or use the arrow keys';
  const lines = doc.createElement('p');
  lines.className = 'lines';
  const text = doc.createElement('span');
  const settled = doc.createElement('span');
  settled.className = 'settled';
  const interim = doc.createElement('span');
  interim.className = 'interim';
  const waiting = doc.createElement('span');
  waiting.className = 'waiting';
  waiting.textContent = 'Tabscribe is listening…';
  text.append(settled, interim);
  lines.append(waiting);
  region.append(lines);
  root.append(style, region);

  let position = options.position;
  const place = () => {
    region.style.left = `${position.x * 100}%`;
    region.style.bottom = `${position.y * 100}%`;
  };
  const setSize = (size: CaptionSize) => {
    region.className = `region ${size}`;
  };
  setSize(options.size);
  place();

  let restores = 0;
  let removed = false;
  /** Into the fullscreen element when it can hold it, else the document; then on top. */
  const attach = () => {
    const full = doc.fullscreenElement;
    const parent = full && !HOLDS_NO_CHILDREN.has(full.tagName) ? full : doc.documentElement;
    if (host.parentNode !== parent) parent.append(host);
    watchParents(parent);
    if (!popover) return;
    if (host.matches(':popover-open')) host.hidePopover();
    host.showPopover();
  };
  const watcher = new MutationObserver(() => {
    if (removed || host.isConnected || restores >= MAX_RESTORES) return;
    restores += 1;
    attach();
  });
  // The parent's children and the root's (not the whole subtree: a busy page mutates all the
  // time, and only these removals can take the captions away).
  function watchParents(parent: Element) {
    watcher.disconnect();
    watcher.observe(parent, { childList: true });
    if (parent !== doc.documentElement) watcher.observe(doc.documentElement, { childList: true });
  }
  const onFullscreen = () => attach();
  doc.addEventListener('fullscreenchange', onFullscreen);
  // A page that closes the popover gets it shown again (a bounded number of times, as above).
  host.addEventListener('toggle', (event) => {
    const state = (event as ToggleEvent).newState;
    if (removed || state !== 'closed' || restores >= MAX_RESTORES) return;
    restores += 1;
    queueMicrotask(() => {
      if (!removed && host.isConnected && !host.matches(':popover-open')) host.showPopover();
    });
  });

  let drag: { pointerId: number; startX: number; startY: number; from: CaptionPosition } | null =
    null;
  region.addEventListener('pointerdown', (event) => {
    if (!event.isTrusted || event.button !== 0) return;
    drag = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      from: position,
    };
    region.setPointerCapture(event.pointerId);
    region.classList.add('dragging');
  });
  region.addEventListener('pointermove', (event) => {
    if (!event.isTrusted || drag?.pointerId !== event.pointerId) return;
    const view = doc.defaultView;
    const width = view?.innerWidth || 1;
    const height = view?.innerHeight || 1;
    position = {
      x: clamp(drag.from.x + (event.clientX - drag.startX) / width, 0.05, 0.95),
      y: clamp(drag.from.y - (event.clientY - drag.startY) / height, 0, 0.9),
    };
    place();
  });
  const endDrag = (event: PointerEvent) => {
    if (!event.isTrusted || drag?.pointerId !== event.pointerId) return;
    drag = null;
    region.classList.remove('dragging');
    options.onMoved(position);
  };
  region.addEventListener('pointerup', endDrag);
  region.addEventListener('pointercancel', endDrag);
  region.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_STEP, 0],
      ArrowRight: [KEY_STEP, 0],
      ArrowUp: [0, KEY_STEP],
      ArrowDown: [0, -KEY_STEP],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    position = {
      x: clamp(position.x + move[0], 0.05, 0.95),
      y: clamp(position.y + move[1], 0, 0.9),
    };
    place();
    options.onMoved(position);
  });

  attach();

  return {
    show(caption) {
      if (caption.settled === '' && caption.interim === '') return;
      if (waiting.isConnected) lines.replaceChildren(text);
      settled.textContent = caption.settled;
      // A space between them only when both have words; the interim words settle in place.
      interim.textContent =
        caption.settled !== '' && caption.interim !== '' ? ` ${caption.interim}` : caption.interim;
    },
    setSize,
    remove() {
      removed = true;
      watcher.disconnect();
      doc.removeEventListener('fullscreenchange', onFullscreen);
      host.remove();
    },
  };
}
