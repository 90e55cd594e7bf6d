/** The Chromium for browser tests: CHROMIUM_PATH, then /usr/bin/chromium; null when neither exists. */
export function findChromium(): string | null;
/** findChromium(), installing Debian's chromium as root when none is found; throws with how to set CHROMIUM_PATH. */
export function ensureChromium(): string;
/** Flags for headless runs on this kind of machine. */
export const CHROMIUM_ARGS: string[];
