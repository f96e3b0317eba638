/** Where an example's run writes and caches. */
export interface ExperimentPaths {
  /** Where RESULTS.md, results-<mode>.json and the example's pictures go. */
  outDir: string;
  /** Where what is expensive to remake (the trained teacher, renderings) is kept between runs. */
  cacheDir: string;
}
