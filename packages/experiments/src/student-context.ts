import type { BatchSource, DistillerFactory, Teacher, TeacherOutputs } from '@selective-kd/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ExperimentPaths } from './experiment-paths.js';
import type { StudentRun } from './student-run.js';

/**
 * Everything the student runs of one regime need, built by the example: in
 * the command's own process, and again in every pool worker from the same
 * configuration, regime and the example's cache on disk (the trained teacher,
 * renderings).
 */
export interface StudentContext<Student extends LayersModel = LayersModel> {
  /** The regime this context was built for (a name from `ProtocolConfig.regimes`). */
  regime: string;
  /** Builds distillers with the modality registered at the example's composition root. */
  distillers: DistillerFactory;
  /** The registered modality's name ('pixel', 'text', 'audio'). */
  modality: string;
  teacher: Teacher;
  /** A fresh student whose initial weights depend only on `seed`, so every gate of a seed starts from the same weights. */
  buildStudent: (seed: number) => Student;
  /** The regime's (labelled-subset) training batches; shuffled per pass from the pass's seed, so one source serves every student. */
  train: BatchSource;
  /** The students' dev split in a fixed order: early stopping and tuning score it, on the student alone. */
  dev: BatchSource;
  /** The students' test split in a fixed order: the best-dev weights are scored on it. */
  test: BatchSource;
  /**
   * The teacher's logits computed ahead (see `cacheTeacherOutputs`): the runs
   * train on `train` instead of running the teacher; `dev` and `test` serve
   * the teacher's own scores.
   */
  teacherOutputs?: StudentTeacherOutputs;
  /**
   * What the runs' numbers depend on besides the configuration (a hash of the
   * data, say): stored results are reused only while it is unchanged.
   */
  fingerprint: string;
  /**
   * Called in the process that trained the student, before it is disposed:
   * pictures, a saved model. Returns the files it wrote.
   */
  afterRun?: (run: StudentRun, student: Student) => string[] | void | Promise<string[] | void>;
}

/** Teacher logits computed ahead for a context's training, dev and test batches. */
export interface StudentTeacherOutputs {
  train: TeacherOutputs;
  dev?: TeacherOutputs;
  test: TeacherOutputs;
}

export interface StudentContextOptions {
  /** Progress lines (in a worker they go to the parent's log). */
  log: (line: string) => void;
}

/**
 * The one function an example supplies: its student-run context for a
 * configuration and one of its regimes (each regime may hold another teacher
 * and other data).
 */
export type StudentContextFactory<Config, Context extends StudentContext = StudentContext> = (
  config: Config,
  regime: string,
  paths: ExperimentPaths,
  options: StudentContextOptions,
) => Promise<Context>;

/**
 * Where a worker finds the factory: a module URL and the name it exports it
 * under. The factory's own module names itself with `import.meta.url`, so the
 * worker loads what the parent runs (sources under vitest, dist otherwise).
 */
export interface StudentContextModule {
  module: string;
  export: string;
}
