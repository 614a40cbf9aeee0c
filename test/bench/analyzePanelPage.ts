// Loads the built Analyze panel bundle (dist/webview/analyze.js) in headless Chromium the way VS
// Code does: the same CSP, codicons, media/webview.css, theme variables on <html>, and a stub
// acquireVsCodeApi whose messages come back to Node. Used by the panel benchmark and screenshots.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { AnalyzeToWebview } from '../../src/shared/protocol/analyze';

const root = resolve(__dirname, '../..');

/** A few of VS Code's theme variables (Dark Modern / Light Modern), enough for the panel and vscode-elements. */
const THEMES: Record<'dark' | 'light', Record<string, string>> = {
  dark: {
    foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'editor-background': '#1f1f1f', 'sideBar-background': '#181818',
    'editorWidget-background': '#202020', 'editorWidget-border': '#454545', 'widget-border': '#313131', 'panel-border': '#2b2b2b',
    focusBorder: '#0078d4', 'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1',
    'button-border': '#ffffff12', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c', 'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c',
    'input-placeholderForeground': '#989898', 'settings-textInputBackground': '#313131', 'settings-textInputBorder': '#3c3c3c',
    'settings-textInputForeground': '#cccccc', 'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc',
    'dropdown-listBackground': '#1f1f1f', 'settings-dropdownBackground': '#313131', 'settings-dropdownBorder': '#3c3c3c',
    'settings-dropdownForeground': '#cccccc', 'settings-dropdownListBorder': '#454545',
    'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c', 'checkbox-foreground': '#cccccc', 'settings-checkboxBackground': '#313131',
    'settings-checkboxBorder': '#3c3c3c', 'settings-checkboxForeground': '#cccccc',
    'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'list-inactiveSelectionBackground': '#37373d',
    'list-hoverBackground': '#2a2d2e', 'list-focusOutline': '#0078d4', 'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc',
    'gitDecoration-addedResourceForeground': '#81b88b', 'gitDecoration-modifiedResourceForeground': '#e2c08d',
    'gitDecoration-deletedResourceForeground': '#c74e39', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-yellow': '#cca700',
    'charts-red': '#f14c4c', 'charts-purple': '#b180d7', errorForeground: '#f85149', 'icon-foreground': '#cccccc',
    'progressBar-background': '#0078d4', 'editorWarning-foreground': '#cca700',
  },
  light: {
    foreground: '#3b3b3b', descriptionForeground: '#717171', 'editor-background': '#ffffff', 'sideBar-background': '#f8f8f8',
    'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#c8c8c8', 'widget-border': '#e5e5e5', 'panel-border': '#e5e5e5',
    focusBorder: '#005fb8', 'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8',
    'button-border': '#0000001a', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece',
    'input-placeholderForeground': '#767676', 'settings-textInputBackground': '#ffffff', 'settings-textInputBorder': '#cecece',
    'settings-textInputForeground': '#3b3b3b', 'dropdown-background': '#ffffff', 'dropdown-border': '#cecece', 'dropdown-foreground': '#3b3b3b',
    'dropdown-listBackground': '#ffffff', 'settings-dropdownBackground': '#ffffff', 'settings-dropdownBorder': '#cecece',
    'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownListBorder': '#c8c8c8',
    'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece', 'checkbox-foreground': '#3b3b3b', 'settings-checkboxBackground': '#f8f8f8',
    'settings-checkboxBorder': '#cecece', 'settings-checkboxForeground': '#3b3b3b',
    'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'list-inactiveSelectionBackground': '#e4e6f1',
    'list-hoverBackground': '#f2f2f2', 'list-focusOutline': '#005fb8', 'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8',
    'gitDecoration-addedResourceForeground': '#587c0c', 'gitDecoration-modifiedResourceForeground': '#895503',
    'gitDecoration-deletedResourceForeground': '#ad0707', 'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-yellow': '#bf8803',
    'charts-red': '#e51400', 'charts-purple': '#652d90', errorForeground: '#e51400', 'icon-foreground': '#424242',
    'progressBar-background': '#005fb8', 'editorWarning-foreground': '#bf8803',
  },
};

export interface PanelPage {
  browser: Browser;
  page: Page;
  /** Messages the page posted, in order. */
  received: unknown[];
  /** Deliver a message to the page as VS Code would. */
  post(message: AnalyzeToWebview): Promise<void>;
  close(): Promise<void>;
}

export async function openPanelPage(options: {
  theme: 'dark' | 'light';
  width?: number;
  height?: number;
  onMessage?: (message: unknown, panel: PanelPage) => void | Promise<void>;
}): Promise<PanelPage> {
  const folder = mkdtempSync(join(tmpdir(), 'stevedore-panel-'));
  const nonce = 'bench';
  const url = (path: string): string => pathToFileURL(join(root, path)).toString();
  const variables: Record<string, string> = {
    ...Object.fromEntries(Object.entries(THEMES[options.theme]).map(([name, value]) => [`--vscode-${name}`, value])),
    '--vscode-font-family': "system-ui, Ubuntu, 'Droid Sans', sans-serif",
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-editor-font-family': "'DejaVu Sans Mono', monospace",
  };
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src file: data:; font-src file:; style-src file: 'nonce-${nonce}'; script-src 'nonce-${nonce}'">
<link rel="stylesheet" href="${url('dist/codicons/codicon.css')}" id="vscode-codicon-stylesheet" nonce="${nonce}">
<link rel="stylesheet" href="${url('media/webview.css')}" nonce="${nonce}">
</head>
<body data-view="analyze" class="vscode-${options.theme}">
<main id="root" aria-busy="true"></main>
<script nonce="${nonce}">
  // VS Code sets its theme variables through the CSSOM too (a style attribute would break the CSP).
  for (const [name, value] of Object.entries(${JSON.stringify(variables)})) document.documentElement.style.setProperty(name, value);
  let state;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__fromPage(JSON.parse(JSON.stringify(m))), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="${nonce}" src="${url('dist/webview/analyze.js')}"></script>
</body>
</html>`;
  const file = join(folder, 'analyze.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, colorScheme: options.theme });
  const received: unknown[] = [];
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const panel: PanelPage = {
    browser,
    page,
    received,
    post: async (message) => {
      // VS Code serialises messages as JSON; do the same so the page sees what it would see there.
      await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message));
    },
    close: async () => {
      await browser.close();
      rmSync(folder, { recursive: true, force: true });
      if (errors.length) console.log(`page errors:\n  ${errors.join('\n  ')}`);
    },
  };
  await page.exposeFunction('__fromPage', async (message: unknown) => {
    received.push(message);
    await options.onMessage?.(message, panel);
  });
  await page.goto(pathToFileURL(file).toString());
  return panel;
}
