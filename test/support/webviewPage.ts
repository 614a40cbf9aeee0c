// One harness for the webview pages (Container stats, Analyze image) in headless Chromium, built the
// way the extension builds them: the HTML and Content-Security-Policy come from the extension's own
// src/vscode/webviewDocument.ts, served from one origin as VS Code's webview resource origin, with
// what VS Code adds around a webview: its theme variables (through the CSSOM, as a style attribute
// would be refused by the CSP), the theme class on <body>, and acquireVsCodeApi. Used by the page
// tests (test/unit/pages, test/integration/pages), the panel benchmark and the screenshot scripts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { WebviewName } from '../../src/shared/protocol/common';
import { webviewDocument } from '../../src/vscode/webviewDocument';

const root = join(__dirname, '..', '..');
/** Plays VS Code's webview resource origin (`webview.cspSource`): dist/ and media/ are served from it. */
const ORIGIN = 'https://stevedore-webview.test';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Theme {
  kind: 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';
  /** VS Code's theme colours, without the `--vscode-` prefix. */
  vars: Record<string, string>;
}

const FONTS = {
  'font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': "'DejaVu Sans Mono', monospace",
};

/** VS Code's Dark Modern, Light Modern and Default High Contrast colours, as far as the pages and vscode-elements use them. */
const COLOURS = {
  dark: {
    'button-background': '#0078d4', 'button-border': '#ffffff12', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c', 'charts-blue': '#3794ff',
    'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-red': '#f14c4c', 'charts-yellow': '#cca700',
    'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c', 'checkbox-foreground': '#cccccc',
    descriptionForeground: '#9d9d9d', disabledForeground: '#cccccc80', 'dropdown-background': '#313131',
    'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc', 'dropdown-listBackground': '#1f1f1f',
    'editor-background': '#1f1f1f', 'editor-selectionBackground': '#264f78', 'editorError-foreground': '#f14c4c',
    'editorWarning-foreground': '#cca700', 'editorWidget-background': '#202020', 'editorWidget-border': '#454545',
    errorForeground: '#f85149', focusBorder: '#0078d4', foreground: '#cccccc',
    'gitDecoration-addedResourceForeground': '#81b88b', 'gitDecoration-deletedResourceForeground': '#c74e39',
    'gitDecoration-modifiedResourceForeground': '#e2c08d', 'icon-foreground': '#cccccc',
    'input-background': '#313131', 'input-border': '#3c3c3c', 'input-foreground': '#cccccc',
    'input-placeholderForeground': '#989898', 'inputValidation-errorBackground': '#5a1d1d',
    'inputValidation-errorBorder': '#be1100', 'inputValidation-infoBackground': '#063b49',
    'inputValidation-infoBorder': '#1a85ff', 'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff', 'list-focusOutline': '#0078d4', 'list-hoverBackground': '#2a2d2e',
    'list-inactiveSelectionBackground': '#37373d', 'panel-border': '#2b2b2b', 'progressBar-background': '#0078d4',
    'settings-checkboxBackground': '#313131', 'settings-checkboxBorder': '#3c3c3c',
    'settings-checkboxForeground': '#cccccc', 'settings-dropdownBackground': '#313131',
    'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownForeground': '#cccccc',
    'settings-dropdownListBorder': '#454545', 'settings-textInputBackground': '#313131',
    'settings-textInputBorder': '#3c3c3c', 'settings-textInputForeground': '#cccccc',
    'sideBar-background': '#181818', 'sideBarSectionHeader-border': '#2b2b2b', 'testing-iconPassed': '#73c991',
    'textLink-activeForeground': '#4daafc', 'textLink-foreground': '#4daafc',
    'toolbar-activeBackground': '#63666750', 'toolbar-hoverBackground': '#5a5d5e50', 'widget-border': '#313131',
  },
  light: {
    'button-background': '#005fb8', 'button-border': '#0000001a', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc', 'charts-blue': '#1a85ff',
    'charts-green': '#388a34', 'charts-purple': '#652d90', 'charts-red': '#e51400', 'charts-yellow': '#bf8803',
    'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece', 'checkbox-foreground': '#3b3b3b',
    descriptionForeground: '#3b3b3b', disabledForeground: '#61616180', 'dropdown-background': '#ffffff',
    'dropdown-border': '#cecece', 'dropdown-foreground': '#3b3b3b', 'dropdown-listBackground': '#ffffff',
    'editor-background': '#ffffff', 'editor-selectionBackground': '#add6ff', 'editorError-foreground': '#e51400',
    'editorWarning-foreground': '#bf8803', 'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#c8c8c8',
    errorForeground: '#f85149', focusBorder: '#005fb8', foreground: '#3b3b3b',
    'gitDecoration-addedResourceForeground': '#587c0c', 'gitDecoration-deletedResourceForeground': '#ad0707',
    'gitDecoration-modifiedResourceForeground': '#895503', 'icon-foreground': '#3b3b3b',
    'input-background': '#ffffff', 'input-border': '#cecece', 'input-foreground': '#3b3b3b',
    'input-placeholderForeground': '#767676', 'inputValidation-errorBackground': '#f2dede',
    'inputValidation-errorBorder': '#be1100', 'inputValidation-infoBackground': '#d6ecf2',
    'inputValidation-infoBorder': '#1a85ff', 'list-activeSelectionBackground': '#e8e8e8',
    'list-activeSelectionForeground': '#000000', 'list-focusOutline': '#005fb8', 'list-hoverBackground': '#f2f2f2',
    'list-inactiveSelectionBackground': '#e4e6f1', 'panel-border': '#e5e5e5', 'progressBar-background': '#005fb8',
    'settings-checkboxBackground': '#f8f8f8', 'settings-checkboxBorder': '#cecece',
    'settings-checkboxForeground': '#3b3b3b', 'settings-dropdownBackground': '#ffffff',
    'settings-dropdownBorder': '#cecece', 'settings-dropdownForeground': '#3b3b3b',
    'settings-dropdownListBorder': '#c8c8c8', 'settings-textInputBackground': '#ffffff',
    'settings-textInputBorder': '#cecece', 'settings-textInputForeground': '#3b3b3b',
    'sideBar-background': '#f8f8f8', 'sideBarSectionHeader-border': '#e5e5e5', 'testing-iconPassed': '#388a34',
    'textLink-activeForeground': '#005fb8', 'textLink-foreground': '#005fb8',
    'toolbar-activeBackground': '#a6a6a650', 'toolbar-hoverBackground': '#b8b8b850', 'widget-border': '#e5e5e5',
  },
  highContrast: {
    'button-background': '#000000', 'button-border': '#6fc3df', 'button-foreground': '#ffffff',
    'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff', 'charts-blue': '#3794ff',
    'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-red': '#f48771', 'charts-yellow': '#ffd700',
    contrastActiveBorder: '#f38518', contrastBorder: '#6fc3df', descriptionForeground: '#ffffffb3',
    disabledForeground: '#a5a5a5', 'editor-background': '#000000', 'editor-selectionBackground': '#ffffff',
    'editorError-foreground': '#f48771', 'editorWarning-foreground': '#ffd700', 'editorWidget-border': '#6fc3df',
    errorForeground: '#f48771', focusBorder: '#f38518', foreground: '#ffffff', 'icon-foreground': '#ffffff',
    'inputValidation-errorBorder': '#6fc3df', 'inputValidation-infoBorder': '#6fc3df',
    'list-focusOutline': '#f38518', 'list-hoverBackground': '#000000', 'sideBar-background': '#000000',
    'sideBarSectionHeader-border': '#6fc3df', 'testing-iconPassed': '#73c991', 'toolbar-hoverBackground': '#000000',
    'widget-border': '#6fc3df',
  },
};

export const dark: Theme = { kind: 'vscode-dark', vars: { ...COLOURS.dark, ...FONTS } };
export const light: Theme = { kind: 'vscode-light', vars: { ...COLOURS.light, ...FONTS } };
export const highContrast: Theme = { kind: 'vscode-high-contrast', vars: { ...COLOURS.highContrast, ...FONTS } };

export interface WebviewPage {
  browser: Browser;
  page: Page;
  /** Messages the page posted, in order, as they reached Node (each also went to onMessage). */
  received: unknown[];
  /** Messages the page posted, read from the page itself: complete up to the moment of the call. */
  posted(): Promise<unknown[]>;
  /** Deliver a message as VS Code does: serialised as JSON, handled after the call returns. */
  post(message: unknown): Promise<void>;
  /** Deliver a message and have the page handle it before the call returns. */
  send(message: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface WebviewPageOptions {
  theme?: Theme;
  width?: number;
  height?: number;
  /** A browser to open the page in (kept open on close); by default the page gets its own. */
  browser?: Browser;
  onMessage?: (message: unknown, page: WebviewPage) => void | Promise<void>;
}

/** Whether Chromium is installed and the view's bundle is built (npm run build). */
export function chromiumAvailable(view: WebviewName): boolean {
  return existsSync(CHROMIUM) && existsSync(join(root, 'dist', 'webview', `${view}.js`));
}

export function launchChromium(): Promise<Browser> {
  return import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }));
}

/** The stats view lives in a side bar; the Analyze panel in an editor area. */
const DEFAULT_SIZE: Record<WebviewName, { width: number; height: number }> = {
  stats: { width: 380, height: 640 },
  analyze: { width: 1280, height: 800 },
  compare: { width: 1280, height: 800 },
  logs: { width: 1200, height: 700 },
  load: { width: 1100, height: 820 },
};

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml' };

/** What VS Code puts around a webview's page: theme class and variables, and the acquireVsCodeApi stand-in. */
function asVsCodeShowsIt(html: string, theme: Theme, nonce: string): string {
  const variables = Object.fromEntries(Object.entries(theme.vars).map(([name, value]) => [`--vscode-${name}`, value]));
  const host = `<script nonce="${nonce}">
  for (const [name, value] of Object.entries(${JSON.stringify(variables)})) document.documentElement.style.setProperty(name, value);
  window.__posted = [];
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { const copy = JSON.parse(JSON.stringify(m)); window.__posted.push(copy); if (window.__fromPage) void window.__fromPage(copy); },
    getState: () => state,
    setState: (s) => { state = s; },
  });
</script>
`;
  const withHost = html.replace('</head>', `${host}</head>`);
  return withHost.replace('<body ', `<body class="${theme.kind}" data-vscode-theme-kind="${theme.kind}" `);
}

export async function openWebviewPage(view: WebviewName, options: WebviewPageOptions = {}): Promise<WebviewPage> {
  const theme = options.theme ?? dark;
  const browser = options.browser ?? (await launchChromium());
  const page = await browser.newPage({
    viewport: { width: options.width ?? DEFAULT_SIZE[view].width, height: options.height ?? DEFAULT_SIZE[view].height },
    deviceScaleFactor: 1,
    colorScheme: theme.kind === 'vscode-light' ? 'light' : 'dark',
  });
  const nonce = Buffer.from(`${view}-${Date.now()}-${Math.random()}`).toString('base64');
  const html = asVsCodeShowsIt(
    webviewDocument({ view, title: view, cspSource: ORIGIN, asset: (...path) => `${ORIGIN}/${path.join('/')}`, nonce }),
    theme,
    nonce,
  );
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/index.html') return route.fulfill({ body: html, contentType: 'text/html' });
    const file = join(root, path);
    if ((!path.startsWith('/dist/') && !path.startsWith('/media/')) || path.includes('..') || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ body: readFileSync(file), contentType: MIME[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const received: unknown[] = [];
  const webview: WebviewPage = {
    browser,
    page,
    received,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    post: async (message) => {
      await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message));
    },
    // Dispatched synchronously, so the page has handled it when send() resolves (post would queue it
    // behind whatever the test evaluates next).
    send: async (message) => {
      await page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message);
    },
    close: async () => {
      await page.close();
      if (!options.browser) await browser.close();
      if (errors.length) console.log(`page errors:\n  ${errors.join('\n  ')}`);
    },
  };
  await page.exposeFunction('__fromPage', async (message: unknown) => {
    received.push(message);
    await options.onMessage?.(message, webview);
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  return webview;
}
