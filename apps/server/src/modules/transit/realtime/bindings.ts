// The official GTFS-Realtime binding (1.1.1, protobufjs 7: the line that runs on Node 20) is a
// CommonJS module whose one export Node cannot see statically: take it from the default export.
import bindings from 'gtfs-realtime-bindings';

export const { transit_realtime: gtfsRealtime } = bindings;
export type { transit_realtime as GtfsRealtime } from 'gtfs-realtime-bindings';
