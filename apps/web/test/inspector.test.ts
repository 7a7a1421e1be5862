import { describeInspector, DESKTOP_VI } from './inspector-suite.js';

// The inspector on a 1280 × 800 desktop, in Vietnamese (inspector-suite.ts says what is checked).
describeInspector(DESKTOP_VI);
