/** Where an example's run writes and caches. */
export interface ExperimentPaths {
  /** Where RESULTS.md, results-<mode>.json and the example's pictures go. */
  outDir: string;
  /** Where what is expensive to remake (the trained teacher, renderings, teacher outputs) is kept between runs. */
  cacheDir: string;
  /**
   * The resumable store: one JSON file per finished student run. Examples point
   * full mode at a committed folder (`examples/<x>/runs/full`), so a full run
   * can be spread over several sittings and machines; quick mode under `cacheDir`.
   */
  runsDir: string;
}
