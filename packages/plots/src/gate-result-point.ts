/** One test score: of `gate`'s student trained with `seed`, in `regime` (e.g. 'default' when there is one). */
export interface GateResultPoint {
  regime: string;
  gate: string;
  seed: number;
  value: number;
}
