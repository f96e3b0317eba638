import { expectSelectiveKdError, testModality } from '@selective-kd/testing';
import { container as rootContainer } from 'tsyringe';
import { describe, expect, it } from 'vitest';
// The package entry loads reflect-metadata, which tsyringe's decorators need.
import {
  createSelectiveContainer,
  MODALITY,
  ModalityRegistry,
  type AnyModalityPlugin,
} from '../index.js';

/** A plugin that differs from `testModality()` only in its name and version. */
function named(name: string, version = '1.0.0'): AnyModalityPlugin {
  return { ...testModality(), meta: { name, version } };
}

describe('ModalityRegistry', () => {
  it('finds plugins registered under MODALITY by their meta.name', () => {
    const container = createSelectiveContainer();
    const pixel = named('pixel');
    const text = named('text');
    container.register(MODALITY, { useValue: text });
    container.register(MODALITY, { useValue: pixel });
    const registry = container.resolve(ModalityRegistry);
    expect(registry.get('pixel')).toBe(pixel);
    expect(registry.get('text')).toBe(text);
    // names are sorted, whatever the registration order
    expect(registry.names).toEqual(['pixel', 'text']);
  });

  it('finds the real test plugins under their own names', () => {
    const container = createSelectiveContainer();
    const classIndex = testModality();
    const multiLabel = testModality({ target: 'multi-label' });
    container.register(MODALITY, { useValue: classIndex });
    container.register(MODALITY, { useValue: multiLabel });
    const registry = container.resolve(ModalityRegistry);
    expect(registry.names).toEqual(['test-class-index', 'test-multi-label']);
    expect(registry.get('test-multi-label')).toBe(multiLabel);
  });

  it('refuses two plugins of one name with DUPLICATE_MODALITY naming it and both versions', () => {
    const container = createSelectiveContainer();
    container.register(MODALITY, { useValue: named('pixel', '1.0.0') });
    container.register(MODALITY, { useValue: named('text') });
    container.register(MODALITY, { useValue: named('pixel', '2.1.0') });
    const registry = container.resolve(ModalityRegistry);
    expectSelectiveKdError(
      () => registry.names,
      'DUPLICATE_MODALITY',
      `two modality plugins are named 'pixel' (versions 1.0.0 and 2.1.0)`,
    );
  });

  it('refuses an unknown name with UNKNOWN_MODALITY listing the known names', () => {
    const container = createSelectiveContainer();
    container.register(MODALITY, { useValue: named('text') });
    container.register(MODALITY, { useValue: named('audio') });
    const registry = container.resolve(ModalityRegistry);
    expectSelectiveKdError(() => registry.get('pixels'), 'UNKNOWN_MODALITY', `no modality plugin named 'pixels'; known modalities: audio, text`);
    // names are matched exactly
    expectSelectiveKdError(() => registry.get('Text'), 'UNKNOWN_MODALITY', `'Text'`);
  });

  it('works with an empty registry and says nothing is registered', () => {
    const registry = createSelectiveContainer().resolve(ModalityRegistry);
    expect(registry.names).toEqual([]);
    expectSelectiveKdError(() => registry.get('pixel'), 'UNKNOWN_MODALITY', `no modality plugin named 'pixel'; no modality is registered`);
  });

  it('refuses a plugin without a name', () => {
    for (const bad of [{ ...testModality(), meta: { name: '', version: '1.0.0' } }, { ...testModality(), meta: undefined }]) {
      expectSelectiveKdError(
        () => new ModalityRegistry([bad as unknown as AnyModalityPlugin]).names,
        'INVALID_OPTION',
        'a modality plugin must have meta.name, a non-empty string',
      );
    }
  });

  it('can be built by hand without a container', () => {
    const text = named('text');
    const registry = new ModalityRegistry([text]);
    expect(registry.names).toEqual(['text']);
    expect(registry.get('text')).toBe(text);
    expect(new ModalityRegistry([]).names).toEqual([]);
  });

  it('sees plugins registered after an earlier resolve (resolved fresh each time)', () => {
    const container = createSelectiveContainer();
    container.register(MODALITY, { useValue: named('text') });
    expect(container.resolve(ModalityRegistry).names).toEqual(['text']);
    container.register(MODALITY, { useValue: named('audio') });
    expect(container.resolve(ModalityRegistry).names).toEqual(['audio', 'text']);
  });

  it('does not register anything in the root container', () => {
    const container = createSelectiveContainer();
    container.register(MODALITY, { useValue: named('text') });
    expect(rootContainer.isRegistered(MODALITY, true)).toBe(false);
  });

  it('uses a Symbol.for token, so every copy of core agrees on it', () => {
    expect(MODALITY).toBe(Symbol.for('@selective-kd/core:modality'));
  });
});
