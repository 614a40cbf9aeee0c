// The Analyze image panel's messages. Owned by the image feature.
import { type CommonFromWebview, type CommonToWebview, isIndex, isRecord, parseCommonFromWebview } from './common';

/** extension -> webview */
export type AnalyzeToWebview = CommonToWebview | { type: 'analyze/progress'; message: string };

/** webview -> extension */
export type AnalyzeFromWebview = CommonFromWebview | { type: 'analyze/openLayerSource'; layerIndex: number } | { type: 'analyze/export' };

/** Validate a message from the analyze webview; anything not exactly of a known shape is dropped. */
export function parseAnalyzeFromWebview(message: unknown): AnalyzeFromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'analyze/openLayerSource':
      return isIndex(message.layerIndex) ? { type: 'analyze/openLayerSource', layerIndex: message.layerIndex } : undefined;
    case 'analyze/export':
      return { type: 'analyze/export' };
    default:
      return parseCommonFromWebview(message);
  }
}
