import { SelectiveKdError } from '@selective-kd/core';
import { describe, expect, it } from 'vitest';
import { pageOptions } from './page-options.js';

describe('pageOptions', () => {
  it('reads backend, autostart and stopAfter', () => {
    expect(pageOptions('')).toEqual({ autostart: false });
    expect(pageOptions('?backend=wasm&autostart=1&stopAfter=60')).toEqual({ backend: 'wasm', autostart: true, stopAfter: 60 });
    expect(pageOptions('?autostart')).toEqual({ autostart: true });
    expect(pageOptions('?autostart=0&backend=')).toEqual({ autostart: false });
  });

  it('names the parameter it cannot use', () => {
    const cases: [string, string][] = [
      ['?backend=node', "?backend= must be one of webgpu, webgl, wasm, cpu; got 'node'"],
      ['?autostart=yes', "?autostart= must be 1 or 0; got 'yes'"],
      ['?stopAfter=0', "?stopAfter= must be a whole number of steps ≥ 1; got '0'"],
      ['?stopAfter=2.5', "got '2.5'"],
      ['?stopAfter=', "got ''"],
    ];
    for (const [search, message] of cases) {
      expect(() => pageOptions(search)).toThrow(SelectiveKdError);
      expect(() => pageOptions(search)).toThrow(message);
    }
  });
});
