import { existsSync } from 'node:fs';

/** Debian's Chromium: Playwright cannot download its own browser on these machines. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the e2e tests cannot run on this machine, or undefined when they can. */
export const chromiumMissing = existsSync(chromiumPath)
  ? undefined
  : `Chromium not found at ${chromiumPath}. Install it with \`apt-get install chromium fonts-noto-cjk\` ` +
    '(or point CHROMIUM_PATH at a Chromium binary).';
