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
  requireUrl('WXT_DEEPGRAM_LISTEN_URL', deepgramListenUrl, ['ws:', 'wss:']);
  if (url === undefined || publishableKey === undefined) {
    return { supabase: null, deepgramListenUrl };
  }
  requireUrl('WXT_SUPABASE_URL', url, ['http:', 'https:']);
  return { supabase: { url: url.replace(/\/+$/, ''), publishableKey }, deepgramListenUrl };
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function requireUrl(name: string, value: string, protocols: string[]): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: "${value}".`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new Error(
      `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}: "${value}".`,
    );
  }
}
