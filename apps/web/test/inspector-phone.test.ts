import { describeInspector, PHONE_EN } from './inspector-suite.js';

// The inspector on a 390 × 844 phone, in English (inspector-suite.ts says what is checked).
describeInspector(PHONE_EN);
