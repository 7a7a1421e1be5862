import { truePicture } from './true-picture.js';

// After a simulated hour of the demo, what the operator sees is true (see true-picture.ts): on PGlite.
truePicture('pglite');
