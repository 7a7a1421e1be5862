import { emergencyModule, type EmergencyCentre } from '../modules/emergency/index.js';
import type { LoadedModules } from '../platform/modules.js';

export * from '../modules/emergency/index.js';

/** The emergency centre of a running app, or undefined when the module is not in the city. */
export function emergencyCentreOf(modules: LoadedModules): EmergencyCentre | undefined {
  return modules.names.includes(emergencyModule.name) ? modules.get(emergencyModule) : undefined;
}
