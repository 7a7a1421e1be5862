import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium as the browser tests and bench:web drive it: headless, never a downloaded browser,
 * nothing reaching out to the network, and WebGL for the map through SwiftShader (no GPU here).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
