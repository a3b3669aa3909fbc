import type { BrowserContext, CDPSession, Page } from 'playwright-core';

// What a user does with the browser's own controls, which Playwright cannot reach: the keyboard
// shortcut of an extension command, and the extension's toolbar button with its popup.

/**
 * Presses Alt+Shift+<letter> on the page as the keyboard would (a raw key event through CDP):
 * Chrome runs the extension's command and counts it as invoking the extension on that tab, as
 * for a user. `page.keyboard.press` never reaches extension commands.
 */
export async function pressShortcut(
  context: BrowserContext,
  page: Page,
  letter: string,
): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const ALT_SHIFT = 1 | 8;
  const upper = letter.toUpperCase();
  const keyCode = upper.charCodeAt(0);
  const key = {
    key: upper,
    code: `Key${upper}`,
    windowsVirtualKeyCode: keyCode,
    nativeVirtualKeyCode: keyCode,
  };
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', modifiers: ALT_SHIFT, ...key });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', modifiers: ALT_SHIFT, ...key });
  await cdp.detach();
}

/** Alt+Shift+Y: start or stop transcribing the page's tab. */
export const pressToggleShortcut = (context: BrowserContext, page: Page) =>
  pressShortcut(context, page, 'Y');

/** The real popup, opened from the toolbar button; driven through CDP since Playwright cannot see it. */
export interface ToolbarPopup {
  evaluate<T>(expression: string): Promise<T>;
  /** The popup's visible text. */
  text(): Promise<string>;
  /** The transcript's words, paragraph after paragraph, then the interim ones (no times, no speakers). */
  transcript(): Promise<string>;
  /** The transcript's words. */
  words(): Promise<string[]>;
  /** Clicks the button with this accessible name (its text). */
  click(name: string): Promise<void>;
  /** Waits until the popup's text matches. */
  waitForText(pattern: RegExp, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/**
 * Clicks the extension's toolbar button on the page's tab (CDP `Extensions.triggerAction`, which
 * needs the tab's target, of type "tab") and attaches to the popup it opens. Give each page a
 * distinct URL: that is how its tab target is found.
 */
export async function openToolbarPopup(
  context: BrowserContext,
  extensionId: string,
  page: Page,
): Promise<ToolbarPopup> {
  const browser = context.browser();
  if (!browser) throw new Error('No browser for this context');
  const cdp = await browser.newBrowserCDPSession();
  const targets = async () =>
    ((await cdp.send('Target.getTargets', { filter: [{}] })) as { targetInfos: TargetInfo[] })
      .targetInfos;
  const before = new Set((await targets()).map((target) => target.targetId));
  const tab = (await targets()).find(
    (target) => target.type === 'tab' && target.url === page.url(),
  );
  if (!tab) throw new Error(`No tab target for ${page.url()}`);
  await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });

  let popup: TargetInfo | undefined;
  for (let attempt = 0; attempt < 50 && !popup; attempt += 1) {
    popup = (await targets()).find(
      (target) =>
        target.type === 'page' &&
        target.url.endsWith('/popup.html') &&
        !before.has(target.targetId),
    );
    if (!popup) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!popup) throw new Error('The toolbar button opened no popup');
  const popupTarget = popup;
  const call = await attach(cdp, popupTarget.targetId);

  const evaluate = async <T>(expression: string): Promise<T> => {
    const reply = (await call('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
      // A click here is the user's: APIs that need a gesture (sidePanel.open) accept it.
      userGesture: true,
    })) as { result?: { result?: { value?: T }; exceptionDetails?: unknown } };
    if (reply.result?.exceptionDetails) {
      throw new Error(`In the popup: ${JSON.stringify(reply.result.exceptionDetails)}`);
    }
    return reply.result?.result?.value as T;
  };
  const text = () => evaluate<string>("document.body?.innerText ?? ''");
  const transcript = async () =>
    (
      (await evaluate<string | null>(
        "[...document.querySelectorAll('[role=log] [data-words], [role=log] [data-interim]')].map((part) => part.textContent).join(' ')",
      )) ?? ''
    ).trim();
  return {
    evaluate,
    text,
    transcript,
    words: async () => (await transcript()).split(/\s+/).filter(Boolean),
    async click(name) {
      const clicked = await evaluate<boolean>(`(() => {
        const button = [...document.querySelectorAll('button')]
          .find((candidate) => candidate.textContent.trim() === ${JSON.stringify(name)});
        if (!button || button.disabled) return false;
        button.click();
        return true;
      })()`);
      if (!clicked) throw new Error(`No enabled button "${name}" in the popup: ${await text()}`);
    },
    async waitForText(pattern, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await text();
        if (pattern.test(last)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`The popup never showed ${pattern}; it shows:\n${last}`);
    },
    async close() {
      await cdp
        .send('Target.closeTarget', { targetId: popupTarget.targetId })
        .catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}

/**
 * A non-flattened CDP session to one target, over the browser session: Playwright's CDPSession
 * cannot address a flattened child session by id, so messages travel wrapped.
 */
async function attach(cdp: CDPSession, targetId: string) {
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as {
    sessionId: string;
  };
  let nextId = 0;
  const pending = new Map<number, (reply: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as { id?: number };
    if (reply.id !== undefined) pending.get(reply.id)?.(reply);
    if (reply.id !== undefined) pending.delete(reply.id);
  });
  return (method: string, params: object) =>
    new Promise<unknown>((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: nextId, method, params }),
      });
    });
}
