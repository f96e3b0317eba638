import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The docs/cli.md walk-through, run through the built `selective-kd` bin as a
 * user runs it (stdout and stderr piped, so progress must come as plain
 * lines), with the walk-through's configs cut to 2 epochs.
 */
const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliRoot, 'dist', 'bin.js');
const EPOCHS = 2;
let work: string;

function selectiveKd(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function json(path: string): Record<string, any> {
  return JSON.parse(readFileSync(join(work, path), 'utf8'));
}

function expectFinite(scores: { loss: number; metrics: Record<string, number> }): void {
  expect(Number.isFinite(scores.loss)).toBe(true);
  expect(Object.keys(scores.metrics).length).toBeGreaterThan(0);
  for (const value of Object.values(scores.metrics)) expect(Number.isFinite(value)).toBe(true);
}

beforeAll(() => {
  // The bin runs from dist: build it (and, incrementally, what it imports) from the current sources.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.lib.json'], { cwd: cliRoot, stdio: 'pipe' });
  work = mkdtempSync(join(tmpdir(), 'selective-kd-walkthrough-'));
  const made = selectiveKd('example-data', 'walkthrough');
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
  for (const modality of ['pixel', 'text', 'audio']) {
    for (const role of ['teacher', 'student']) {
      const path = join(work, 'walkthrough', `${modality}-${role}.json`);
      const config = JSON.parse(readFileSync(path, 'utf8'));
      config.training = { ...config.training, epochs: EPOCHS, patience: EPOCHS };
      config.pictures = 2;
      writeFileSync(path, JSON.stringify(config));
    }
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each([
  ['pixel', 'png'],
  ['text', 'html'],
  ['audio', 'png'],
])('the %s walk-through', (modality, pictureKind) => {
  const runs = `walkthrough/runs`;

  it('trains a teacher on the ground truth alone', () => {
    const { status, stdout, stderr } = selectiveKd('distill', '--config', `walkthrough/${modality}-teacher.json`);
    expect(stderr).toMatch(/^selective-kd: backend \w+ \(/);
    expect(status, stderr).toBe(0);
    const epochLines = stderr.split('\n').filter((line) => line.startsWith(`[${modality}-teacher] epoch `));
    expect(epochLines.map((line) => line.split('  ')[0])).toEqual([`[${modality}-teacher] epoch 1/${EPOCHS}`, `[${modality}-teacher] epoch 2/${EPOCHS}`]);
    expect(stderr).not.toContain('\r');
    // Without a teacher the share of teacher-better units means nothing, so it is not shown.
    expect(stderr).not.toContain('teacher-better');
    expect(stdout).toMatch(/^\| model \| loss \|/);
    for (const file of ['model.json', 'task.json', 'metrics.jsonl', 'results.md', 'results.json']) expect(existsSync(join(work, runs, `${modality}-teacher`, file))).toBe(true);
    const results = json(`${runs}/${modality}-teacher/results.json`);
    expect(results.gate).toBe('none');
    expect(results.teacher).toBeUndefined();
    expect(results.epochs).toHaveLength(EPOCHS);
    expect(results.epochs[0].teacherBetterFraction).toBeUndefined();
    expectFinite(results.test.student);
    expect(results.test.teacher).toBeUndefined();
    expect(results.pictures).toEqual([]);
    const log = readFileSync(join(work, runs, `${modality}-teacher`, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(log.filter((record) => record.type === 'epoch')).toHaveLength(EPOCHS);
    expect(log.at(-1).type).toBe('train-end');
  });

  it('distils a smaller student from it with the loss-compare gate', () => {
    const { status, stderr } = selectiveKd('distill', '--config', `walkthrough/${modality}-student.json`);
    expect(status, stderr).toBe(0);
    const epochLines = stderr.split('\n').filter((line) => line.startsWith(`[${modality}-student] epoch `));
    expect(epochLines).toHaveLength(EPOCHS);
    for (const line of epochLines) expect(line).toMatch(/teacher-better \d+\.\d%/);
    const results = json(`${runs}/${modality}-student/results.json`);
    expect(results.gate).toBe('loss-compare');
    expect(results.teacher).toBe(join(work, runs, `${modality}-teacher`));
    expectFinite(results.test.student);
    expectFinite(results.test.teacher);
    // The teacher's test score is the one its own run measured: it was fed as it was trained.
    expect(results.test.teacher.metrics).toEqual(json(`${runs}/${modality}-teacher/results.json`).test.student.metrics);
    for (const row of results.epochs) expect(row.teacherBetterFraction).toBeGreaterThanOrEqual(0);
    expect(results.pictures.length).toBeGreaterThan(0);
    for (const picture of results.pictures) {
      expect(picture.endsWith(`.${pictureKind}`)).toBe(true);
      const bytes = readFileSync(join(work, runs, `${modality}-student`, picture));
      if (pictureKind === 'png') expect([...bytes.subarray(1, 4)]).toEqual([...Buffer.from('PNG')]);
      else expect(bytes.toString('utf8')).toContain('class="tok');
    }
    expect(readFileSync(join(work, runs, `${modality}-student`, 'results.md'), 'utf8')).toContain('| teacher |');
  });

  it('evaluates the student on the test split', () => {
    const { status, stdout, stderr } = selectiveKd('evaluate', '--config', `walkthrough/${modality}-student.json`, '--json');
    expect(status, stderr).toBe(0);
    const scores = JSON.parse(stdout);
    expect(scores.test.metrics).toEqual(json(`${runs}/${modality}-student/results.json`).test.student.metrics);
  });

  it("plots the student's training curves from its metrics log", () => {
    const { status, stdout, stderr } = selectiveKd('plot', `${runs}/${modality}-student/metrics.jsonl`);
    expect(status, stderr).toBe(0);
    const written = stdout.trim().split('\n');
    expect(written).toEqual([`${runs}/${modality}-student/training-curves.svg`, `${runs}/${modality}-student/training-curves.png`]);
    const svg = readFileSync(join(work, written[0]), 'utf8');
    for (const title of ['training loss', 'distillation term', 'teacher-better share']) expect(svg).toContain(`>${title}</text>`);
  });

  it('resumes from its checkpoint when the same command runs again', () => {
    const { status, stderr } = selectiveKd('distill', '--config', `walkthrough/${modality}-student.json`);
    expect(status, stderr).toBe(0);
    expect(stderr).toContain(`resuming student '${modality}-student'`);
    // Every epoch was done: nothing trains again, and the kept student scores as before.
    expect(stderr).not.toContain(`[${modality}-student] epoch`);
  });
});

describe('an interrupted run', () => {
  it('resumes with the same command and ends as an uninterrupted run does', async () => {
    const config = JSON.parse(readFileSync(join(work, 'walkthrough', 'text-student.json'), 'utf8'));
    const training = { ...config.training, epochs: 4, patience: 4 };
    writeFileSync(join(work, 'walkthrough', 'straight.json'), JSON.stringify({ ...config, training, output: 'runs/straight' }));
    writeFileSync(join(work, 'walkthrough', 'killed.json'), JSON.stringify({ ...config, training, output: 'runs/killed' }));
    expect(selectiveKd('distill', '--config', 'walkthrough/straight.json').status).toBe(0);

    // Killed as soon as its first checkpoint is on disk.
    const child = spawn(process.execPath, [bin, 'distill', '--config', 'walkthrough/killed.json'], { cwd: work, stdio: 'ignore' });
    const pointer = join(work, 'walkthrough/runs/killed/checkpoint/checkpoint.json');
    while (!existsSync(pointer) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(join(work, 'walkthrough/runs/killed/results.json'))).toBe(false);

    const resumed = selectiveKd('distill', '--config', 'walkthrough/killed.json');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("resuming student 'killed'");
    expect(resumed.stderr).not.toContain('[killed] epoch 1/4');
    expect(resumed.stderr).toContain('[killed] epoch 4/4');
    const [straight, killed] = ['straight', 'killed'].map((run) => json(`walkthrough/runs/${run}/results.json`));
    expect(killed.epochs.map((e: { loss: number }) => e.loss)).toEqual(straight.epochs.map((e: { loss: number }) => e.loss));
    expect(killed.test).toEqual(straight.test);
  });
});

describe('a teacher from elsewhere', () => {
  it('distils from a bare LayersModel model.json, fed what the student is fed', () => {
    // The pixel teacher's model without its task.json, as a model converted from Keras would come.
    mkdirSync(join(work, 'bare'));
    for (const file of readdirSync(join(work, 'walkthrough/runs/pixel-teacher')).filter((f) => f.startsWith('model.'))) {
      copyFileSync(join(work, 'walkthrough/runs/pixel-teacher', file), join(work, 'bare', file));
    }
    const config = JSON.parse(readFileSync(join(work, 'walkthrough', 'pixel-student.json'), 'utf8'));
    writeFileSync(join(work, 'walkthrough', 'bare.json'), JSON.stringify({ ...config, teacher: '../bare/model.json', output: 'runs/from-bare' }));
    const { status, stderr } = selectiveKd('distill', '--config', 'walkthrough/bare.json');
    expect(status, stderr).toBe(0);
    const results = json('walkthrough/runs/from-bare/results.json');
    expect(results.test.teacher).toEqual(json('walkthrough/runs/pixel-teacher/results.json').test.student);
    const evaluated = selectiveKd('evaluate', '--config', 'walkthrough/bare.json', '--model', 'bare/model.json', '--json');
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout).test).toEqual(results.test.teacher);
  });

  it('refuses to evaluate a text model that brings no vocabulary', () => {
    mkdirSync(join(work, 'bare-text'));
    for (const file of readdirSync(join(work, 'walkthrough/runs/text-teacher')).filter((f) => f.startsWith('model.'))) {
      copyFileSync(join(work, 'walkthrough/runs/text-teacher', file), join(work, 'bare-text', file));
    }
    const { status, stderr } = selectiveKd('evaluate', '--config', 'walkthrough/text-student.json', '--model', 'bare-text');
    expect(status).toBe(1);
    expect(stderr).toContain('has no task.json: a text model can only be fed the word ids of its own vocabulary');
  });
  it('distils from a GraphModel as tensorflowjs_converter writes one, fed what the student is fed', () => {
    // The audio student (frame-dense, no hidden layer: crop the context, one dense layer per frame) as a graph:
    // Reshape [B, 36, 48, 1] → [B, 36, 48], Slice off 2 context frames each side, MatMul by its kernel, Add its bias.
    const student = join(work, 'walkthrough/runs/audio-student');
    const layersJson = JSON.parse(readFileSync(join(student, 'model.json'), 'utf8'));
    const [{ paths, weights }] = layersJson.weightsManifest;
    expect(weights.map((w: { shape: number[] }) => w.shape)).toEqual([[48, 88], [88]]);
    const ints = Int32Array.from([-1, 36, 48, 0, 2, 0, -1, 32, 48]);
    const bytes = Buffer.concat([readFileSync(join(student, paths[0])), Buffer.from(ints.buffer)]);
    const dim = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
    const node = (name: string, op: string, input: string[] = [], attr: object = {}) => ({ name, op, input, attr });
    const constant = (name: string, type: string, ...shape: number[]) =>
      node(name, 'Const', [], { dtype: { type }, value: { tensor: { dtype: type, tensorShape: dim(...shape) } } });
    const graphJson = {
      format: 'graph-model',
      generatedBy: '2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        node: [
          node('x', 'Placeholder', [], { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim(-1, 36, 48, 1) } }),
          constant('w', 'DT_FLOAT', 48, 88),
          constant('b', 'DT_FLOAT', 88),
          constant('shape', 'DT_INT32', 3),
          constant('begin', 'DT_INT32', 3),
          constant('size', 'DT_INT32', 3),
          node('frames', 'Reshape', ['x', 'shape'], { T: { type: 'DT_FLOAT' } }),
          node('cropped', 'Slice', ['frames', 'begin', 'size'], { T: { type: 'DT_FLOAT' } }),
          node('keys', 'BatchMatMulV2', ['cropped', 'w'], { T: { type: 'DT_FLOAT' }, adj_x: { b: false }, adj_y: { b: false } }),
          node('logits', 'AddV2', ['keys', 'b'], { T: { type: 'DT_FLOAT' } }),
        ],
        versions: { producer: 1 },
      },
      weightsManifest: [
        {
          paths: ['group1-shard1of1.bin'],
          weights: [
            { name: 'w', shape: [48, 88], dtype: 'float32' },
            { name: 'b', shape: [88], dtype: 'float32' },
            ...['shape', 'begin', 'size'].map((name) => ({ name, shape: [3], dtype: 'int32' })),
          ],
        },
      ],
    };
    mkdirSync(join(work, 'graph'));
    writeFileSync(join(work, 'graph', 'model.json'), JSON.stringify(graphJson));
    writeFileSync(join(work, 'graph', 'group1-shard1of1.bin'), bytes);
    const config = JSON.parse(readFileSync(join(work, 'walkthrough', 'audio-student.json'), 'utf8'));
    writeFileSync(join(work, 'walkthrough', 'graph.json'), JSON.stringify({ ...config, teacher: '../graph', output: 'runs/from-graph' }));
    const { status, stderr } = selectiveKd('distill', '--config', 'walkthrough/graph.json');
    expect(status, stderr).toBe(0);
    // The graph computes what the audio student computes, so it scores what the student scored.
    const teacher = json('walkthrough/runs/from-graph/results.json').test.teacher;
    const original = json('walkthrough/runs/audio-student/results.json').test.student;
    expect(teacher.loss).toBeCloseTo(original.loss, 4);
    for (const [name, value] of Object.entries(original.metrics)) expect(teacher.metrics[name]).toBeCloseTo(value as number, 3);
  });
});

describe('bad command lines and configs', () => {
  it.each([
    [['distil'], "unknown command 'distil' (did you mean 'distill'?)"],
    [['distill'], 'distill needs --config <file.json>'],
    [['distill', '--config', 'missing.json'], 'cannot read the config file missing.json'],
    [['evaluate', '--conifg', 'x.json'], "Unknown option '--conifg'"],
  ])('exits with 2 for %j', (args, message) => {
    const { status, stderr } = selectiveKd(...args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits with 2 and names the field of a bad config', () => {
    const config = JSON.parse(readFileSync(join(work, 'walkthrough', 'pixel-student.json'), 'utf8'));
    writeFileSync(join(work, 'walkthrough', 'bad.json'), JSON.stringify({ ...config, training: { ...config.training, batchSize: '8' } }));
    const { status, stderr } = selectiveKd('distill', '--config', 'walkthrough/bad.json');
    expect(status).toBe(2);
    expect(stderr).toContain('config.training.batchSize must be a whole number ≥ 1 and ≤ 65536; got "8"');
  });

  it('exits with 1 when the run itself fails', () => {
    const config = JSON.parse(readFileSync(join(work, 'walkthrough', 'pixel-student.json'), 'utf8'));
    writeFileSync(join(work, 'walkthrough', 'no-teacher.json'), JSON.stringify({ ...config, teacher: 'runs/none', output: 'runs/x' }));
    const { status, stderr } = selectiveKd('distill', '--config', 'walkthrough/no-teacher.json');
    expect(status).toBe(1);
    expect(stderr).toContain('runs/none');
  });

  it('prints help and the version', () => {
    expect(selectiveKd('--help').stdout).toContain('Usage: selective-kd <command>');
    expect(selectiveKd('distill', '--help').stdout).toContain('text lookup-tagger: embedding (default 16)');
    expect(selectiveKd('--version').stdout).toBe(`${JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8')).version}\n`);
  });
});
