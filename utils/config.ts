/** Where the extension's services live, fixed when the extension is built. */
export interface BuildConfig {
  /** The Supabase project (Auth and the token function), or null in a build made without one. */
  supabase: { url: string; publishableKey: string } | null;
  /** Deepgram's live-listen WebSocket endpoint. */
  deepgramListenUrl: string;
}

export const DEFAULT_DEEPGRAM_LISTEN_URL = 'wss://api.deepgram.com/v1/listen';

/** The build-time variables, as WXT exposes them on `import.meta.env`. */
export interface BuildEnv {
  WXT_SUPABASE_URL?: string | undefined;
  WXT_SUPABASE_PUBLISHABLE_KEY?: string | undefined;
  WXT_DEEPGRAM_LISTEN_URL?: string | undefined;
}

/**
 * Reads and checks the build's configuration. A half-configured build (a URL without a key, a URL
 * that is not one) fails loudly here rather than as a confusing network error at sign-in.
 *
 * No flag tells a release from a test build: a test build is one pointed at the local stack, on
 * this computer. So every build refuses plain `http:`/`ws:` to any other host, and a release
 * cannot send a user's session or a Deepgram token, or receive their words, unencrypted.
 */
export function readBuildConfig(env: BuildEnv): BuildConfig {
  const url = blankToUndefined(env.WXT_SUPABASE_URL);
  const publishableKey = blankToUndefined(env.WXT_SUPABASE_PUBLISHABLE_KEY);
  if ((url === undefined) !== (publishableKey === undefined)) {
    throw new Error(
      'Set both WXT_SUPABASE_URL and WXT_SUPABASE_PUBLISHABLE_KEY, or neither (see .env.example).',
    );
  }
  const deepgramListenUrl =
    blankToUndefined(env.WXT_DEEPGRAM_LISTEN_URL) ?? DEFAULT_DEEPGRAM_LISTEN_URL;
  requireServiceUrl('WXT_DEEPGRAM_LISTEN_URL', deepgramListenUrl, { secure: 'wss:', plain: 'ws:' });
  if (url === undefined || publishableKey === undefined) {
    return { supabase: null, deepgramListenUrl };
  }
  requireServiceUrl('WXT_SUPABASE_URL', url, { secure: 'https:', plain: 'http:' });
  return { supabase: { url: url.replace(/\/+$/, ''), publishableKey }, deepgramListenUrl };
}

/** Whether a URL's host is this computer: 127.0.0.0/8, `localhost` or `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  // The URL parser has already written any IPv4 form (`127.1`, `0x7f.1`) as four decimals.
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function requireServiceUrl(
  name: string,
  value: string,
  { secure, plain }: { secure: string; plain: string },
): void {
  const parsed = URL.parse(value);
  if (!parsed) throw new Error(`${name} is not a URL: "${value}".`);
  if (parsed.protocol !== secure && parsed.protocol !== plain) {
    throw new Error(`${name} must start with ${plain}// or ${secure}//: "${value}".`);
  }
  if (parsed.protocol === plain && !isLoopbackHost(parsed.hostname)) {
    throw new Error(
      `${name} must use ${secure}// for a service on another computer: "${value}" would travel unencrypted (${plain}// is only for 127.0.0.1, localhost or [::1]).`,
    );
  }
}
