import { fileURLToPath } from 'node:url';
import { trainTeachersCommand } from './train-teachers.js';
import type { TeacherName } from './teacher.js';

// `npm run teachers [-- strong|weak ...]`: retrains the shipped teachers (renderings cached in the example's .cache/).
const names = process.argv.slice(2) as TeacherName[];
const unknown = names.filter((n) => n !== 'strong' && n !== 'weak');
if (unknown.length > 0) {
  console.error(`unknown teacher ${unknown.join(', ')}; the teachers are strong and weak`);
  process.exit(2);
}
await trainTeachersCommand(names.length > 0 ? names : ['strong', 'weak'], fileURLToPath(new URL('../.cache/', import.meta.url)));
