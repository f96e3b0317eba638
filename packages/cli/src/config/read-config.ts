import { readFile } from 'node:fs/promises';
import { UsageError } from '../usage-error.js';
import { checkConfig } from './check-config.js';
import type { DistillConfig } from './distill-config.js';

/** Reads and checks a `distill.json`; an unreadable file or bad JSON is a `UsageError` naming the file. */
export async function readConfig(path: string): Promise<DistillConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return checkConfig(json, path);
}
