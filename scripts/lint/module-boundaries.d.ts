import type { ESLint, Linter } from 'eslint';

/** Why importing `target` from `file` (both relative to the repository root) breaks a boundary. */
export function boundaryProblem(file: string, target: string): string | undefined;
export const moduleBoundaries: ESLint.Plugin;
export const moduleBoundaryConfig: Linter.Config[];
