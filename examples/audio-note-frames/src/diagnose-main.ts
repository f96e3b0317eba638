import { diagnoseQuickKd } from './diagnose-quick-kd.js';

// `npm run diagnose-quick-kd`: the old quick mode's KD collapse, taken apart (README, "Why vanilla KD halved quick mode's F1").
await diagnoseQuickKd();
