// "Stevedore: Analyze image": pick an image, analyse it with progress, show the panel.
import * as vscode from 'vscode';
import type { FeatureHost, ImageFeature } from '../host';

export const feature: ImageFeature = {
  async analyzeImage(host: FeatureHost): Promise<void> {
    host.log.info('Analyze image invoked');
    await vscode.window.showInformationMessage('Stevedore: image analysis is being built.');
  },
};
export const analyzeImage = feature.analyzeImage;
