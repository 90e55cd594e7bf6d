// Finds Chromium for the browser tests: CHROMIUM_PATH, then Debian's /usr/bin/chromium. Test tools cannot download
// browsers here, so when none is found and we are root on Debian, Debian's package is installed with apt-get.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const DEBIAN = '/usr/bin/chromium';

export function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
  }
  return existsSync(DEBIAN) ? DEBIAN : null;
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium not found: installing Debian\'s chromium package with apt-get…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
    if (existsSync(DEBIAN)) return DEBIAN;
  }
  throw new Error(
    'No Chromium found for the browser tests. Install one (Debian: `apt-get install chromium`) or point ' +
      'CHROMIUM_PATH at a Chromium or Chrome executable, e.g. `CHROMIUM_PATH=/path/to/chrome npm test`.',
  );
}

/** Flags for headless runs on this kind of machine (no sandbox as root, no network chatter). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureChromium());
