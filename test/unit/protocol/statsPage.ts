// Loads the built Container stats webview bundle (dist/webview/stats.js) in headless Chromium the
// way VS Code does: the same CSP shape, codicons, theme variables on <html>, and a stand-in for
// acquireVsCodeApi that records what the page posts. Used by the page tests and for screenshots.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

const root = join(__dirname, '..', '..', '..');
const ORIGIN = 'https://stevedore-webview.test';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Theme {
  kind: 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';
  vars: Record<string, string>;
}

export const dark: Theme = {
  kind: 'vscode-dark',
  vars: {
    'foreground': '#cccccc', 'sideBar-background': '#181818', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d',
    'charts-blue': '#3794ff', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700', 'charts-red': '#f14c4c', 'charts-green': '#89d185',
    'editorWarning-foreground': '#cca700', 'editorError-foreground': '#f14c4c', 'errorForeground': '#f85149',
    'list-hoverBackground': '#2a2d2e', 'list-inactiveSelectionBackground': '#37373d', 'list-focusOutline': '#0078d4', 'focusBorder': '#0078d4',
    'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
    'icon-foreground': '#cccccc', 'toolbar-hoverBackground': '#5a5d5e50', 'toolbar-activeBackground': '#63666750', 'widget-border': '#313131',
    'sideBarSectionHeader-border': '#2b2b2b', 'testing-iconPassed': '#73c991', 'disabledForeground': '#cccccc80', 'editorWidget-border': '#454545',
    'inputValidation-infoBorder': '#1a85ff', 'inputValidation-infoBackground': '#063b49', 'inputValidation-errorBorder': '#be1100', 'inputValidation-errorBackground': '#5a1d1d',
    'editor-selectionBackground': '#264f78', 'progressBar-background': '#0078d4',
    'font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif", 'font-size': '13px', 'font-weight': 'normal',
  },
};
export const light: Theme = {
  kind: 'vscode-light',
  vars: {
    'foreground': '#3b3b3b', 'sideBar-background': '#f8f8f8', 'editor-background': '#ffffff', 'descriptionForeground': '#3b3b3b',
    'charts-blue': '#1a85ff', 'charts-purple': '#652d90', 'charts-yellow': '#bf8803', 'charts-red': '#e51400', 'charts-green': '#388a34',
    'editorWarning-foreground': '#bf8803', 'editorError-foreground': '#e51400', 'errorForeground': '#f85149',
    'list-hoverBackground': '#f2f2f2', 'list-inactiveSelectionBackground': '#e4e6f1', 'list-focusOutline': '#005fb8', 'focusBorder': '#005fb8',
    'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
    'icon-foreground': '#3b3b3b', 'toolbar-hoverBackground': '#b8b8b850', 'toolbar-activeBackground': '#a6a6a650', 'widget-border': '#e5e5e5',
    'sideBarSectionHeader-border': '#e5e5e5', 'testing-iconPassed': '#388a34', 'disabledForeground': '#61616180', 'editorWidget-border': '#c8c8c8',
    'inputValidation-infoBorder': '#1a85ff', 'inputValidation-infoBackground': '#d6ecf2', 'inputValidation-errorBorder': '#be1100', 'inputValidation-errorBackground': '#f2dede',
    'editor-selectionBackground': '#add6ff', 'progressBar-background': '#005fb8',
    'font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif", 'font-size': '13px', 'font-weight': 'normal',
  },
};
export const highContrast: Theme = {
  kind: 'vscode-high-contrast',
  vars: {
    'foreground': '#ffffff', 'sideBar-background': '#000000', 'editor-background': '#000000', 'descriptionForeground': '#ffffffb3',
    'charts-blue': '#3794ff', 'charts-purple': '#b180d7', 'charts-yellow': '#ffd700', 'charts-red': '#f48771', 'charts-green': '#89d185',
    'editorWarning-foreground': '#ffd700', 'editorError-foreground': '#f48771', 'errorForeground': '#f48771',
    'list-hoverBackground': '#000000', 'list-focusOutline': '#f38518', 'focusBorder': '#f38518', 'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518',
    'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
    'icon-foreground': '#ffffff', 'toolbar-hoverBackground': '#000000', 'widget-border': '#6fc3df', 'sideBarSectionHeader-border': '#6fc3df',
    'testing-iconPassed': '#73c991', 'disabledForeground': '#a5a5a5', 'editorWidget-border': '#6fc3df',
    'inputValidation-infoBorder': '#6fc3df', 'inputValidation-errorBorder': '#6fc3df', 'editor-selectionBackground': '#ffffff',
    'font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif", 'font-size': '13px', 'font-weight': 'normal',
  },
};

export interface StatsPage {
  page: Page;
  /** Messages the page posted to the extension, oldest first. */
  posted(): Promise<unknown[]>;
  /** Deliver a message from the extension to the page. */
  send(message: unknown): Promise<void>;
  close(): Promise<void>;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM) && existsSync(join(root, 'dist', 'webview', 'stats.js'));
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };

export async function openStatsPage(options: { theme?: Theme; width?: number; height?: number; browser?: Browser } = {}): Promise<StatsPage> {
  const { chromium } = await import('playwright-core');
  const theme = options.theme ?? dark;
  const browser = options.browser ?? await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: options.width ?? 380, height: options.height ?? 640 }, deviceScaleFactor: 1 });
  const nonce = 'stevedoreTestNonce';
  const style = Object.entries(theme.vars).map(([name, value]) => `--vscode-${name}: ${value};`).join(' ');
  const csp = [
    "default-src 'none'", `img-src ${ORIGIN} data:`, `font-src ${ORIGIN}`, `style-src ${ORIGIN} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`, "connect-src 'none'", "frame-src 'none'",
  ].join('; ');
  const html = `<!DOCTYPE html><html lang="en" style="${style}"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${ORIGIN}/dist/codicons/codicon.css" id="vscode-codicon-stylesheet" nonce="${nonce}">
<link rel="stylesheet" href="${ORIGIN}/media/webview.css" nonce="${nonce}">
</head><body class="${theme.kind}" data-vscode-theme-kind="${theme.kind}" data-view="stats"><main id="root" aria-busy="true"></main>
<script nonce="${nonce}">
  window.__posted = []; window.__state = undefined;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => window.__state, setState: (s) => { window.__state = s; } });
</script>
<script nonce="${nonce}" src="${ORIGIN}/dist/webview/stats.js"></script></body></html>`;
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/index.html') return route.fulfill({ body: html, contentType: 'text/html' });
    const file = join(root, path);
    if (!path.startsWith('/dist/') && !path.startsWith('/media/')) return route.fulfill({ status: 404 });
    if (!existsSync(file)) return route.fulfill({ status: 404 });
    const ext = path.slice(path.lastIndexOf('.'));
    return route.fulfill({ body: readFileSync(file), contentType: MIME[ext] ?? 'application/octet-stream' });
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  return {
    page,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    // Dispatched synchronously, so the page has handled it when send() resolves (postMessage would
    // queue it behind whatever the test evaluates next).
    send: async (message) => {
      await page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message);
    },
    close: async () => {
      await page.close();
      if (!options.browser) await browser.close();
    },
  };
}
