// Lets a test save a picture of the workbench. Tests run in the extension host, which
// cannot reach the browser page, so the request travels as a log line that the host
// (test/e2e/host.mjs) sees through codeAutomationLog; the host then writes
// $MOT_E2E_SCREENSHOTS/<name>.png, which this waits for.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const SCREENSHOT_TAG = '[mot-screenshot]'; // keep in step with test/e2e/host.mjs

export interface ScreenshotOptions {
  /**
   * Playwright selectors that must all be visible in the page before the picture is
   * taken (the host polls the page for them), e.g. '.squiggly-warning'. If one does not
   * appear in time, the host saves `<name>.failed.png` instead and screenshot() throws.
   */
  waitFor?: string[];
  timeoutMs?: number;
}

/**
 * Saves a screenshot of the workbench as `<name>.png` and returns its path, or
 * returns undefined when nobody takes screenshots: MOT_E2E_SCREENSHOTS unset, or a
 * desktop VS Code instead of the code-server host.
 */
/** How often to look for the host's picture while waiting for it, up to the deadline. */
const POLL_MS = 100;

export async function screenshot(name: string, options: ScreenshotOptions = {}): Promise<string | undefined> {
  const { waitFor = [], timeoutMs = 20_000 } = options;
  const dir = process.env.MOT_E2E_SCREENSHOTS;
  if (!dir || !process.env.MOT_E2E_HOST) return undefined;
  if (!/^[\w.-]{1,100}$/.test(name)) throw new Error(`bad screenshot name: ${JSON.stringify(name)}`);
  const file = join(dir, `${name}.png`);
  const failure = join(dir, `${name}.error.txt`);
  rmSync(file, { force: true });
  rmSync(failure, { force: true });
  // The host reads: the tag, the name, then optionally a JSON object with its options.
  const request = waitFor.length ? ` ${JSON.stringify({ waitFor, timeoutMs: Math.max(1000, timeoutMs - 2000) })}` : '';
  console.log(`${SCREENSHOT_TAG} ${name}${request}`);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (existsSync(failure)) throw new Error(`screenshot ${name}: ${readFileSync(failure, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the e2e host did not write ${file} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return file;
}
