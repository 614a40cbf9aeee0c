// The stevedore.stats.source / stevedore.prometheus.* settings and the Prometheus secret. The token
// or password lives in VS Code's SecretStorage, never in settings, and is stored per server address:
// a workspace that points stevedore.prometheus.url elsewhere never receives it.
import * as vscode from 'vscode';
import type { FeatureHost } from '../host';

export type StatsSource = 'engine' | 'prometheus';
export type PrometheusAuthentication = 'none' | 'bearer' | 'basic';

export interface PrometheusSettings {
  source: StatsSource;
  url: string;
  authentication: PrometheusAuthentication;
  username: string;
  caFile: string;
  timeoutSeconds: number;
  kubernetes: boolean;
  namespace: string;
}

/** Settings whose change restarts the view's source. */
export const PROMETHEUS_SETTING_KEYS = [
  'stevedore.stats.source',
  'stevedore.prometheus.url',
  'stevedore.prometheus.authentication',
  'stevedore.prometheus.username',
  'stevedore.prometheus.caFile',
  'stevedore.prometheus.timeoutSeconds',
  'stevedore.prometheus.kubernetes',
  'stevedore.prometheus.namespace',
];

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export function readPrometheusSettings(): PrometheusSettings {
  const stats = vscode.workspace.getConfiguration('stevedore.stats');
  const prometheus = vscode.workspace.getConfiguration('stevedore.prometheus');
  const authentication = prometheus.get<string>('authentication', 'none');
  const timeout = prometheus.get<number>('timeoutSeconds', 10);
  return {
    source: stats.get<string>('source', 'engine') === 'prometheus' ? 'prometheus' : 'engine',
    url: text(prometheus.get('url', '')),
    authentication: authentication === 'bearer' || authentication === 'basic' ? authentication : 'none',
    username: text(prometheus.get('username', '')),
    caFile: text(prometheus.get('caFile', '')),
    timeoutSeconds: Number.isFinite(timeout) ? Math.min(300, Math.max(1, timeout)) : 10,
    kubernetes: prometheus.get<boolean>('kubernetes', false) === true,
    namespace: text(prometheus.get('namespace', 'default')) || 'default',
  };
}

/** The server a secret belongs to: scheme, host and port (a path prefix is the same server). */
export function serverOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** SecretStorage key: one per server and kind, the user name included for basic authentication. */
export function secretKey(settings: Pick<PrometheusSettings, 'url' | 'authentication' | 'username'>): string | undefined {
  const server = serverOf(settings.url);
  if (!server || settings.authentication === 'none') return undefined;
  return settings.authentication === 'bearer'
    ? `stevedore.prometheus.token:${server}`
    : `stevedore.prometheus.password:${encodeURIComponent(settings.username)}@${server}`;
}

export async function readPrometheusSecret(
  host: FeatureHost,
  settings: PrometheusSettings,
): Promise<string | undefined> {
  const key = secretKey(settings);
  return key ? await host.context.secrets.get(key) : undefined;
}

/**
 * "Set Prometheus Token or Password…": asks for the secret of the configured server (choosing bearer
 * or basic first when no authentication is set) and keeps it in SecretStorage; empty removes it.
 */
export async function setPrometheusSecret(host: FeatureHost): Promise<boolean> {
  let settings = readPrometheusSettings();
  const server = serverOf(settings.url);
  if (!server) {
    const open = 'Open Settings';
    const choice = await vscode.window.showWarningMessage(
      settings.url
        ? `stevedore.prometheus.url (${settings.url}) is not an http:// or https:// address; set it first, then the token or password.`
        : 'Set stevedore.prometheus.url first (e.g. http://127.0.0.1:9090), then the token or password for that server.',
      open,
    );
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'stevedore.prometheus');
    return false;
  }
  if (settings.authentication === 'none') {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Bearer token', description: 'Authorization: Bearer …', scheme: 'bearer' as const },
        { label: 'User name and password', description: 'basic authentication', scheme: 'basic' as const },
      ],
      { title: `How does ${server} authenticate?`, placeHolder: 'Sets stevedore.prometheus.authentication in your user settings' },
    );
    if (!picked) return false;
    await vscode.workspace.getConfiguration('stevedore.prometheus').update('authentication', picked.scheme, vscode.ConfigurationTarget.Global);
    settings = { ...settings, authentication: picked.scheme };
  }
  if (settings.authentication === 'basic' && !settings.username) {
    const username = await vscode.window.showInputBox({
      title: `User name for ${server}`,
      prompt: 'Saved in stevedore.prometheus.username (your user settings); the password comes next.',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A user name is needed for basic authentication'),
    });
    if (username === undefined) return false;
    await vscode.workspace.getConfiguration('stevedore.prometheus').update('username', username.trim(), vscode.ConfigurationTarget.Global);
    settings = { ...settings, username: username.trim() };
  }
  const key = secretKey(settings);
  if (!key) return false;
  const what = settings.authentication === 'bearer' ? 'Bearer token' : `Password of ${settings.username}`;
  const secret = await vscode.window.showInputBox({
    title: `${what} for Prometheus at ${server}`,
    prompt: 'Kept in VS Code\'s secret storage and sent only to this server. Leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (secret === undefined) return false;
  if (secret === '') {
    await host.context.secrets.delete(key);
    void vscode.window.showInformationMessage(`Removed the ${what.toLowerCase()} for ${server}.`);
  } else {
    await host.context.secrets.store(key, secret);
    void vscode.window.showInformationMessage(`Saved the ${what.toLowerCase()} for ${server} in VS Code's secret storage.`);
  }
  host.log.info(`Prometheus: ${secret ? 'saved' : 'removed'} the ${settings.authentication} secret for ${server}`);
  return true;
}
