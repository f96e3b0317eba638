import {
  GATES,
  rectifiedTeacherLogits,
  selectiveDistillationLoss,
  selectiveLossOnUnits,
  resolveSelectiveOptions,
  teacherCorrect,
  toCheckedUnits,
  type DistillationInputs,
  type ModalityPlugin,
  type ProcessingUnit,
  type UnitGrid,
} from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoTensorLeak } from './expect-no-tensor-leak.js';
import { expectTensorClose } from './expect-tensor-close.js';

export interface PluginContractOptions<Export, Context> {
  /** Builds the plugin under test. */
  create: () => ModalityPlugin<Export, Context>;
  /**
   * A fresh batch in the plugin's own layout, with at least one valid and one
   * invalid unit (padding, an ignore label, a `valid` of 0). Called many times;
   * the suite disposes what it returns.
   */
  sampleInputs: () => DistillationInputs;
  /** A fresh batch of the same layout in which every unit is invalid. */
  allInvalidInputs: () => DistillationInputs;
  /** What `maskLayout.export` needs besides the mask, if anything. */
  maskContext?: Context;
}

/**
 * The checks every modality plugin passes, as a vitest `describe` block:
 * call it at the top level of the plugin's spec, after selecting a backend.
 * It checks shapes, validity handling, finite losses on edge cases, mask
 * values, metrics and that no function leaks tensors.
 */
export function pluginContractSuite<Export, Context>(options: PluginContractOptions<Export, Context>): void {
  const { create, sampleInputs, allInvalidInputs } = options;

  /** Runs `body` on a fresh sample's unit grid and disposes everything it made. */
  function withGrid<T>(inputs: () => DistillationInputs, body: (grid: UnitGrid, plugin: ModalityPlugin<Export, Context>) => T): T {
    const plugin = create();
    const batch = inputs();
    try {
      return tf.tidy(() => body(toCheckedUnits(batch, plugin), plugin) as never);
    } finally {
      disposeInputs(batch);
    }
  }

  describe(`modality plugin contract: ${safeName(create)}`, () => {
    it('has meta and a unit description', () => {
      const { meta, unit, maskLayout } = create();
      expect(meta.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(meta.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(unit.name).not.toBe('');
      expect(unit.axes.length).toBeGreaterThan(0);
      expect(['class-index', 'multi-label']).toContain(unit.target);
      expect(maskLayout.description).not.toBe('');
    });

    it('lays a sample out as a unit grid with 0/1 validity, some valid and some not', () => {
      const validity = withGrid(sampleInputs, (grid) => Array.from(grid.valid.dataSync()));
      expect(new Set(validity)).toEqual(new Set([0, 1]));
    });

    it('gives per-unit losses and divergences of the unit-grid shape, finite and non-negative', () => {
      withGrid(sampleInputs, (grid, plugin) => {
        const unitShape = grid.valid.shape;
        for (const values of [
          plugin.unitLoss(grid.student, grid.labels),
          plugin.unitLoss(grid.teacher, grid.labels),
          plugin.unitDivergence(grid.teacher, grid.student, 1),
          plugin.unitDivergence(grid.teacher, grid.student, 2.5),
        ]) {
          expect(values.shape).toEqual(unitShape);
          const data = Array.from(values.dataSync());
          expect(data.every(Number.isFinite), 'all finite').toBe(true);
          expect(Math.min(...data)).toBeGreaterThanOrEqual(-1e-5);
        }
      });
    });

    it('gives zero divergence between identical logits', () => {
      withGrid(sampleInputs, (grid, plugin) => {
        for (const tau of [1, 3]) {
          const d = plugin.unitDivergence(grid.student, grid.student, tau);
          expectTensorClose(d, tf.zerosLike(d), { atol: 1e-5 });
        }
      });
    });

    it('computes each unit from that unit alone, so invalid units change nothing', () => {
      withGrid(sampleInputs, (grid, plugin) => {
        // Scramble the student's logits wherever a unit is invalid.
        const invalid = tf.expandDims(tf.equal(grid.valid, 0), -1);
        const noise = tf.randomNormal(grid.student.shape, 0, 5, 'float32', 7);
        const scrambled = { ...grid, student: tf.where(tf.broadcastTo(invalid, grid.student.shape), noise, grid.student) };
        for (const gate of GATES) {
          const options = resolveSelectiveOptions({ gate });
          const before = selectiveLossOnUnits(grid, plugin, options);
          const after = selectiveLossOnUnits(scrambled, plugin, options);
          expectTensorClose(after.loss, before.loss, { rtol: 1e-5, atol: 1e-6 });
          expectTensorClose(after.mask, before.mask);
        }
      });
    });

    it('gives a finite loss for every gate on an all-invalid batch', () => {
      withGrid(allInvalidInputs, (grid, plugin) => {
        expect(Array.from(grid.valid.dataSync()).every((v) => v === 0)).toBe(true);
        for (const gate of GATES) {
          const result = selectiveLossOnUnits(grid, plugin, resolveSelectiveOptions({ gate }));
          expect(result.loss.dataSync()[0]).toBe(0);
          expect(result.teacherBetterFraction.dataSync()[0]).toBe(0);
        }
      });
    });

    it('gives a finite loss and an empty mask when the teacher equals the student', () => {
      withGrid(sampleInputs, (grid, plugin) => {
        const same = { ...grid, teacher: grid.student };
        for (const normalizer of ['valid', 'selected'] as const) {
          const result = selectiveLossOnUnits(same, plugin, resolveSelectiveOptions({ normalizer }));
          expect(Number.isFinite(result.loss.dataSync()[0])).toBe(true);
          expect(Array.from(result.mask.dataSync()).every((v) => v === 0)).toBe(true);
          expect(result.distillLoss.dataSync()[0]).toBe(0);
        }
      });
    });

    it('gives masks of 0/1 for the hard gates and of [0, 1] for the soft gate', () => {
      withGrid(sampleInputs, (grid, plugin) => {
        for (const gate of GATES) {
          const mask = Array.from(selectiveLossOnUnits(grid, plugin, resolveSelectiveOptions({ gate })).mask.dataSync());
          if (gate === 'soft') expect(mask.every((v) => v >= 0 && v <= 1)).toBe(true);
          else expect(mask.every((v) => v === 0 || v === 1)).toBe(true);
        }
      });
    });

    it('rectified gate: distils at every valid unit, towards a teacher that is right there', () => {
      withGrid(sampleInputs, (grid, plugin) => {
        const result = selectiveLossOnUnits(grid, plugin, resolveSelectiveOptions({ gate: 'rectified' }));
        expectTensorClose(result.mask, grid.valid);
        const validCount = tf.sum(grid.valid).dataSync()[0];
        expect(result.teacherBetterFraction.dataSync()[0]).toBe(validCount / Math.max(validCount, 1));
        const { target } = plugin.unit;
        const corrected = rectifiedTeacherLogits(grid.teacher, grid.labels, target);
        expect(corrected.shape).toEqual(grid.teacher.shape);
        // Right at every valid unit, leaving out units where the teacher is undecided
        // (tied top logits, or a logit of exactly 0), which the swap or flip leaves undecided.
        const undecided =
          target === 'class-index'
            ? tf.equal(...(tf.unstack(tf.topk(grid.teacher, 2).values, -1) as [tf.Tensor, tf.Tensor]))
            : tf.any(tf.equal(grid.teacher, 0), -1);
        const checked = tf.mul(grid.valid, tf.cast(tf.logicalNot(undecided), 'float32'));
        expect(tf.sum(checked).dataSync()[0]).toBeGreaterThan(0);
        const right = teacherCorrect(corrected, grid.labels, target);
        expectTensorClose(tf.mul(right, checked), checked);
      });
    });

    it('rectified gate: the same loss as gate all where the teacher is right at every unit', () => {
      withGrid(sampleInputs, (grid, plugin) => {
        const right = { ...grid, teacher: rightTeacher(grid, plugin.unit.target) };
        for (const temperature of [1, 2]) {
          const rectified = selectiveLossOnUnits(right, plugin, resolveSelectiveOptions({ gate: 'rectified', temperature }));
          const all = selectiveLossOnUnits(right, plugin, resolveSelectiveOptions({ gate: 'all', temperature }));
          expect(rectified.loss.dataSync()[0]).toBe(all.loss.dataSync()[0]);
          expect(rectified.distillLoss.dataSync()[0]).toBe(all.distillLoss.dataSync()[0]);
        }
      });
    });

    it('exports one sample of the mask in its layout', () => {
      const plugin = create();
      const batch = sampleInputs();
      const result = selectiveDistillationLoss(batch, plugin);
      try {
        const before = tf.memory().numTensors;
        expect(plugin.maskLayout.export(result.mask, 0, options.maskContext as Context)).toBeDefined();
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        tf.dispose([result.loss, result.groundTruthLoss, result.distillLoss, result.teacherBetterFraction, result.mask]);
        disposeInputs(batch);
      }
    });

    it('accumulates finite metrics over batches without keeping tensors', () => {
      const plugin = create();
      const metrics = plugin.createMetrics();
      for (let i = 0; i < 2; i++) {
        const batch = sampleInputs();
        const grid = tf.tidy(() => {
          const g = toCheckedUnits(batch, plugin);
          return [tf.keep(g.student), tf.keep(g.labels), tf.keep(g.valid)];
        });
        const before = tf.memory().numTensors;
        metrics.update(grid[0], grid[1], grid[2]);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose(grid);
        disposeInputs(batch);
      }
      const result = metrics.result();
      expect(Object.keys(result).length).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(result)) expect(Number.isFinite(value), name).toBe(true);
    });

    it('passes gradients to the student only', () => {
      const plugin = create();
      const batch = sampleInputs();
      const student = tf.variable(batch.student, true, `contract-student-${Date.now()}`);
      const teacher = tf.variable(batch.teacher, true, `contract-teacher-${Date.now()}`);
      try {
        for (const gate of GATES) {
          const { value, grads } = tf.variableGrads(
            () => selectiveDistillationLoss({ ...batch, student, teacher }, plugin, { gate }).loss,
            [student, teacher],
          );
          expect(Object.keys(grads), gate).toEqual([student.name]);
          expect(Math.max(...Array.from(grads[student.name].dataSync()).map(Math.abs)), gate).toBeGreaterThan(0);
          tf.dispose([value, grads]);
        }
      } finally {
        tf.dispose([student, teacher]);
        disposeInputs(batch);
      }
    });

    it('leaks no tensors across repeated losses', async () => {
      const plugin = create();
      const batch = sampleInputs();
      try {
        await expectNoTensorLeak(() => {
          for (const gate of GATES) {
            const result = selectiveDistillationLoss(batch, plugin, { gate });
            tf.dispose([result.loss, result.groundTruthLoss, result.distillLoss, result.teacherBetterFraction, result.mask]);
          }
        });
      } finally {
        disposeInputs(batch);
      }
    });

    it('leaks no tensors from its own functions', async () => {
      const plugin = create();
      const batch = sampleInputs();
      const given = new Set<tf.Tensor>([batch.student, batch.teacher, batch.labels, ...(batch.valid ? [batch.valid] : [])]);
      try {
        await expectNoTensorLeak(() => {
          const grid = plugin.toUnits(batch);
          const made = [
            plugin.unitLoss(grid.student, grid.labels),
            plugin.unitDivergence(grid.teacher, grid.student, 2),
          ];
          // toUnits may hand back its inputs unchanged; those stay the caller's.
          tf.dispose([...Object.values(grid).filter((t) => !given.has(t)), ...made]);
        });
      } finally {
        disposeInputs(batch);
      }
    });
  });
}

/** The grid's teacher made right at every unit, its logits otherwise kept: call inside a tidy. */
function rightTeacher({ teacher, labels }: UnitGrid, target: ProcessingUnit['target']): tf.Tensor {
  if (target === 'multi-label') {
    // Each key's logit given the truth's sign.
    return tf.mul(tf.sub(tf.mul(labels, 2), 1), tf.add(tf.abs(teacher), 0.5));
  }
  // The label's logit raised above every other, so the teacher's argmax is the label.
  const lift = tf.add(tf.mul(tf.max(tf.abs(teacher)), 2), 1);
  return tf.add(teacher, tf.mul(tf.oneHot(tf.cast(labels, 'int32'), teacher.shape[teacher.rank - 1] as number), lift));
}

function disposeInputs(inputs: DistillationInputs): void {
  tf.dispose([inputs.student, inputs.teacher, inputs.labels, ...(inputs.valid ? [inputs.valid] : [])]);
}

function safeName(create: () => { meta: { name: string } }): string {
  try {
    return create().meta.name;
  } catch {
    return '(plugin factory throws)';
  }
}
