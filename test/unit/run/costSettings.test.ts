import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { priceKeys } from '../../../src/core/run/prices';

// The tests run from out/test/unit/run; the manifest is read from the repository.
const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, { scope?: string; default?: unknown; properties?: Record<string, { properties?: Record<string, unknown> }> }> =
  Object.assign({}, ...pkg.contributes.configuration.map((s: { properties: object }) => s.properties));

describe('the cost settings', () => {
  it('invent no price and let no workspace change the cost shown or switch the question off', () => {
    const prices = properties['mediaTranslate.prices'];
    assert.deepEqual(prices.default, {});
    assert.equal(prices.scope, 'application');
    assert.equal(properties['mediaTranslate.confirmAboveMinutes'].scope, 'application');
    for (const region of ['singapore', 'beijing']) {
      const kinds = Object.keys(prices.properties?.[region]?.properties ?? {});
      assert.deepEqual(kinds.sort(), ['currency', ...priceKeys].sort(), `${region} lists every priced kind`);
    }
  });
});
