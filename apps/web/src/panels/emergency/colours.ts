import type { Priority, UnitStatus } from './api';

/** How the console draws a unit's status and an incident's priority: the same colours on the map, the board and the queue. */

export const STATUS_COLOURS: Readonly<Record<UnitStatus, string>> = {
  available: '#2e9d5b',
  dispatched: '#c98a00',
  en_route: '#ef6c00',
  on_scene: '#d7301f',
  transporting: '#8e44ad',
  at_hospital: '#6a1b9a',
  returning: '#1f6fd1',
  out_of_service: '#8a94a3',
};

export const PRIORITY_COLOURS: Readonly<Record<Priority, string>> = {
  1: '#b0003a',
  2: '#d7301f',
  3: '#f2b01e',
  4: '#4a90d9',
};
