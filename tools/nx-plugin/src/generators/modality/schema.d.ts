/** Options of `nx g @selective-kd/tools:modality` (schema.json). */
export interface ModalityGeneratorSchema {
  /** kebab-case: plugins/<name>, package @selective-kd/<name>, meta.name. */
  name: string;
  /** What one processing unit is called (kebab-case). Default 'element'. */
  unit?: string;
  /** Skip the npm install that links the new package. Default false. */
  skipInstall?: boolean;
}
