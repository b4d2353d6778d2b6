import * as assert from 'node:assert/strict';
import { starterPrompts } from '../../src/core/chat/starters';

describe('starter prompts', () => {
  it('name the open file and the function at the cursor', () => {
    assert.deepEqual(starterPrompts({ fileName: 'csv.ts', symbol: 'parseRow' }), ['Explain csv.ts', 'Find bugs in parseRow', 'Write tests for parseRow']);
  });

  it('ask about the selection when there is one, and fall back to the file without a symbol', () => {
    assert.deepEqual(starterPrompts({ fileName: 'csv.ts', selection: { start: 10, end: 24 } }), ['Explain lines 10–24 of csv.ts', 'Find bugs in csv.ts', 'Write tests for csv.ts']);
    assert.equal(starterPrompts({ fileName: 'a.py', selection: { start: 3, end: 3 } })[0], 'Explain line 3 of a.py');
  });

  it('with nothing open, ask about the workspace', () => {
    assert.deepEqual(starterPrompts({}), ['Explain how this project is organized', 'Where should I start reading this code?']);
  });
});
