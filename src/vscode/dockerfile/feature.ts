// Dockerfile language features: diagnostics, quick fixes, hover. Filled in by the diagnostics issue.
import * as vscode from 'vscode';
import type { DockerfileFeature, FeatureHost } from '../host';

export const feature: DockerfileFeature = {
  activate(host: FeatureHost): void {
    const diagnostics = vscode.languages.createDiagnosticCollection('stevedore');
    host.context.subscriptions.push(diagnostics);
    host.log.info('Dockerfile features loaded');
  },
};
export const activate = feature.activate;
