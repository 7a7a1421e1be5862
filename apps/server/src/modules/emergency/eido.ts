// Replaced at merge by the report helper's file.
import type { IncidentRecord } from './model.js';

/** An incident as a NENA EIDO-shaped JSON object (incident, calls, location, units, notes). */
export function toEido(record: IncidentRecord, opts: { agencyName: string; centreId: string }): unknown {
  const { incident } = record;
  return {
    $schema: 'https://raw.githubusercontent.com/NENA911/EIDO-JSON/main/Schema/EIDO-Schema.json',
    eidoMessageIdentifier: `${opts.centreId}:${incident.id}`,
    incidentComponent: {
      incidentTrackingIdentifier: incident.number,
      incidentTypeCommonRegistryText: incident.typeCode,
      incidentStatusCommonRegistryText: incident.status,
      incidentCreationTimestamp: incident.createdAt,
      ...(incident.closedAt ? { incidentClosedTimestamp: incident.closedAt } : {}),
      ...(incident.disposition ? { incidentDispositionCommonRegistryText: incident.disposition } : {}),
    },
    agencyComponent: [{ agencyIdentifier: opts.centreId, agencyName: opts.agencyName }],
    locationComponent: [
      {
        locationByValue: { type: 'Point', coordinates: incident.location },
        ...(incident.address ? { civicAddressText: incident.address } : {}),
      },
    ],
    callComponent: record.calls.map((c) => ({ callIdentifier: c.id, callStartTimestamp: c.answeredAt })),
    emergencyResourceComponent: record.responses.map((r) => ({
      resourceIdentifier: r.unitId,
      resourceKind: r.kind,
      dispatchTimestamp: r.dispatchedAt,
      ...(r.enRouteAt ? { enRouteTimestamp: r.enRouteAt } : {}),
      ...(r.onSceneAt ? { onSceneTimestamp: r.onSceneAt } : {}),
    })),
    notesComponent: record.timeline
      .filter((e) => e.kind === 'note')
      .map((e) => ({
        noteDateTimeStamp: e.at,
        noteText: typeof e.detail['text'] === 'string' ? e.detail['text'] : '',
        noteAuthor: e.actor,
      })),
  };
}
