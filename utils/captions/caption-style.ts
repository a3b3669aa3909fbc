/**
 * The captions' look, inside their shadow root. The host's rules are `!important` on purpose: for
 * a shadow host, the shadow root's important declarations win over the page's (even the page's
 * own `!important` and inline styles), so no page stylesheet can hide, shrink or move the
 * captions. The page's fonts and colours do not reach inside either (`all: initial`).
 */
export const CAPTION_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  inset: 0 !important;
  width: auto !important;
  height: auto !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  background: transparent !important;
  overflow: visible !important;
  visibility: visible !important;
  opacity: 1 !important;
  transform: none !important;
  filter: none !important;
  z-index: 2147483647 !important;
  /* The page under the captions stays usable: only the box itself takes the pointer. */
  pointer-events: none !important;
}
:host::backdrop { display: none !important; }
.region {
  position: absolute;
  box-sizing: border-box;
  transform: translate(-50%, 50%);
  max-width: min(92vw, 42em);
  width: max-content;
  padding: 0.25em 0.6em;
  border-radius: 0.35em;
  background: rgb(8 8 8 / 0.82);
  color: #fff;
  font: 500 var(--size) / 1.35 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  text-align: start;
  text-shadow: 0 1px 2px rgb(0 0 0 / 0.6);
  pointer-events: auto;
  cursor: grab;
  touch-action: none;
  user-select: none;
}
.region.dragging { cursor: grabbing; }
.region:focus-visible { outline: 3px solid #ffd54a; outline-offset: 2px; }
.region.small { --size: 16px; }
.region.medium { --size: 22px; }
.region.large { --size: 30px; }
/* The last two lines: the text sits at the bottom and older lines leave at the top. */
.lines {
  display: flex;
  flex-direction: column;
  justify-content: flex-end;
  max-height: calc(2 * 1.35em);
  overflow: hidden;
  margin: 0;
}
.interim { color: #c9c9c9; }
.waiting { color: #c9c9c9; font-style: italic; }
`;
