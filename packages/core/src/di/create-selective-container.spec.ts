import { testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { container as rootContainer } from 'tsyringe';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
// The package entry loads reflect-metadata, which tsyringe's decorators need.
import {
  createSelectiveContainer,
  DistillerFactory,
  initBackend,
  MODALITY,
  ModalityRegistry,
  SelectiveDistiller,
  SelectiveKdError,
  type AnyModalityPlugin,
} from '../index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const models: tfl.LayersModel[] = [];

afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
});

/** A tiny trainable student: 4 features → 3 logits. */
function student(): tfl.LayersModel {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [4] })] });
  models.push(model);
  return model;
}

const teacher = (x: tf.Tensor | tf.Tensor[]) => tf.zeros([(x as tf.Tensor).shape[0], 3]);

function named(name: string): AnyModalityPlugin {
  return { ...testModality(), meta: { name, version: '1.0.0' } };
}

describe('createSelectiveContainer', () => {
  it('provides ModalityRegistry and DistillerFactory in a child of the root container', () => {
    const container = createSelectiveContainer();
    expect(container).not.toBe(rootContainer);
    expect(container.isRegistered(ModalityRegistry)).toBe(true);
    expect(container.isRegistered(DistillerFactory)).toBe(true);
    expect(rootContainer.isRegistered(ModalityRegistry)).toBe(false);
    expect(rootContainer.isRegistered(DistillerFactory)).toBe(false);
    expect(container.resolve(ModalityRegistry)).toBeInstanceOf(ModalityRegistry);
    expect(container.resolve(DistillerFactory)).toBeInstanceOf(DistillerFactory);
  });

  it('gives containers from two calls separate registrations', () => {
    const first = createSelectiveContainer();
    const second = createSelectiveContainer();
    expect(first).not.toBe(second);
    first.register(MODALITY, { useValue: named('pixel') });
    second.register(MODALITY, { useValue: named('text') });
    second.register(MODALITY, { useValue: named('audio') });
    expect(first.resolve(ModalityRegistry).names).toEqual(['pixel']);
    expect(second.resolve(ModalityRegistry).names).toEqual(['audio', 'text']);
    expect(createSelectiveContainer().resolve(ModalityRegistry).names).toEqual([]);
  });

  it('builds on a given parent container', () => {
    const parent = createSelectiveContainer();
    parent.register(MODALITY, { useValue: named('text') });
    const child = createSelectiveContainer(parent);
    // with no plugin of its own, the child sees the parent's
    expect(child.resolve(ModalityRegistry).names).toEqual(['text']);
    child.register(MODALITY, { useValue: named('pixel') });
    // its own registrations then take the token; the parent keeps only its own
    expect(child.resolve(ModalityRegistry).names).toEqual(['pixel']);
    expect(parent.resolve(ModalityRegistry).names).toEqual(['text']);
  });
});

describe('DistillerFactory', () => {
  it('resolves a named modality from the registry', () => {
    const container = createSelectiveContainer();
    const pixel = named('pixel');
    container.register(MODALITY, { useValue: named('text') });
    container.register(MODALITY, { useValue: pixel });
    const model = student();
    const distiller = container.resolve(DistillerFactory).create({ modality: 'pixel', teacher, student: model });
    expect(distiller).toBeInstanceOf(SelectiveDistiller);
    expect(distiller.modality).toBe(pixel);
    expect(distiller.student).toBe(model);
  });

  it('passes a plugin object through without looking it up', () => {
    // nothing is registered, so a lookup would throw
    const container = createSelectiveContainer();
    const plugin = testModality({ target: 'multi-label' });
    const distiller = container.resolve(DistillerFactory).create({ modality: plugin, teacher, student: student() });
    expect(distiller.modality).toBe(plugin);
  });

  it('passes the options through, resolved', () => {
    const container = createSelectiveContainer();
    container.register(MODALITY, { useValue: named('text') });
    const distiller = container
      .resolve(DistillerFactory)
      .create({ modality: 'text', teacher, student: student(), options: { gate: 'soft', temperature: 2 } });
    expect(distiller.options).toMatchObject({ gate: 'soft', temperature: 2, margin: 0, alpha: 1, lambda: 1 });
  });

  it('refuses an unknown name with UNKNOWN_MODALITY listing the known ones', () => {
    const container = createSelectiveContainer();
    container.register(MODALITY, { useValue: named('text') });
    container.register(MODALITY, { useValue: named('pixel') });
    const factory = container.resolve(DistillerFactory);
    let caught: unknown;
    try {
      factory.create({ modality: 'audio', teacher, student: student() });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SelectiveKdError);
    expect((caught as SelectiveKdError).code).toBe('UNKNOWN_MODALITY');
    expect((caught as SelectiveKdError).message).toBe(`no modality plugin named 'audio'; known modalities: pixel, text`);
  });

  it('refuses two plugins of one name with DUPLICATE_MODALITY when a modality is looked up', () => {
    const container = createSelectiveContainer();
    container.register(MODALITY, { useValue: named('text') });
    container.register(MODALITY, { useValue: named('text') });
    const factory = container.resolve(DistillerFactory);
    expect(() => factory.create({ modality: 'text', teacher, student: student() })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_MODALITY', message: expect.stringMatching(/two modality plugins are named 'text'/) }),
    );
  });

  it('sees plugins registered after an earlier factory was resolved', () => {
    const container = createSelectiveContainer();
    container.resolve(DistillerFactory);
    const text = named('text');
    container.register(MODALITY, { useValue: text });
    expect(container.resolve(DistillerFactory).create({ modality: 'text', teacher, student: student() }).modality).toBe(text);
  });
});
