import type { Attributes, Entity, TermMap } from '../context/index.js';
import { toInstance } from './mapping.js';
import type { DeviceProfile } from './model.js';

/** What a command's status is before the command was ever sent. */
const COMMAND_STATUS_UNKNOWN = 'UNKNOWN';

/**
 * The entity a provisioned device starts with: its type, its static attributes (a geo:point or geo:json
 * one called location is the entity's location), and `<command>_status` UNKNOWN for each command.
 * Names and the type are expanded with `terms` (the core context). Throws PayloadRejected on a static
 * value its type refuses.
 */
export function deviceEntity(profile: DeviceProfile, terms: TermMap): Entity {
  const attrs: Attributes = {};
  for (const s of profile.staticAttributes) {
    attrs[terms.expand(s.name)] = [toInstance(s.type, s.value, `static attribute ${s.name}`, { unitCode: s.unitCode })];
  }
  for (const c of profile.commands) {
    attrs[terms.expand(`${c.name}_status`)] = [{ type: 'Property', value: COMMAND_STATUS_UNKNOWN }];
  }
  return { id: profile.entityId, types: [terms.expand(profile.entityType)], attrs };
}

/**
 * What an update adds to a device's entity: static attributes new or changed, and the status of new
 * commands (a command already known keeps its status: it may have been sent since).
 */
export function entityChanges(before: DeviceProfile, after: DeviceProfile): DeviceProfile {
  const statics = new Map(before.staticAttributes.map((s) => [s.name, JSON.stringify(s)]));
  const commands = new Set(before.commands.map((c) => c.name));
  return {
    ...after,
    staticAttributes: after.staticAttributes.filter((s) => statics.get(s.name) !== JSON.stringify(s)),
    commands: after.commands.filter((c) => !commands.has(c.name)),
  };
}
