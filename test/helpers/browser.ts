import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** The Debian chromium binary; browsers are never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why browser tests cannot run here, or undefined. Under CI=true a missing browser is a failure, not a skip. */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI === "true") throw new Error(`CI=true but ${CHROMIUM} is missing (apt-get install chromium)`);
  return `${CHROMIUM} is not installed (apt-get install -y chromium)`;
}

/** Headless Chromium with the flags this machine needs (no network beyond loopback); Playwright gives it a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      // No separate GPU process: one process fewer per browser (nothing is drawn by a GPU here).
      "--in-process-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
