import * as assert from 'node:assert/strict';
import { parseCommonFromWebview } from '../../../src/shared/protocol/common';

describe('webview protocol: common messages', () => {
  it('accepts ready and pong of known views', () => {
    assert.deepEqual(parseCommonFromWebview({ type: 'ready', view: 'stats' }), { type: 'ready', view: 'stats' });
    assert.deepEqual(parseCommonFromWebview({ type: 'pong', id: 3, view: 'analyze', rendered: true, extra: 'dropped' }), {
      type: 'pong', id: 3, view: 'analyze', rendered: true,
    });
  });

  it('drops unknown views, wrong types and unknown messages', () => {
    assert.equal(parseCommonFromWebview({ type: 'ready', view: '<img src=x>' }), undefined);
    assert.equal(parseCommonFromWebview({ type: 'pong', id: -1, view: 'stats', rendered: true }), undefined);
    assert.equal(parseCommonFromWebview({ type: 'pong', id: 1.5, view: 'stats', rendered: true }), undefined);
    assert.equal(parseCommonFromWebview({ type: 'pong', id: 1, view: 'stats', rendered: 'yes' }), undefined);
    assert.equal(parseCommonFromWebview({ type: 'eval', code: 'alert(1)' }), undefined);
  });
});
