/**
 * The living city: simulated sensors and buses that talk MQTT to a Thang Long server, like real
 * devices (see docs/demo.md). Run it with `thanglong simulate`, or in code:
 *
 *   const sim = startSimulator({ mqttUrl: 'mqtt://127.0.0.1:1883', speed: 1, scale: 1, seed: 1, log });
 *   await sim.stop();
 *
 * The server must have the demo city provisioned (DEMO=on); buses register themselves.
 */
export {
  DEVICE_KINDS,
  startSimulator,
  type DeviceKind,
  type RunningSimulator,
  type SimulatorOptions,
  type SimulatorStats,
} from './runner.js';
export { parseUnitsDoing } from './emergency.js';
export { CityEnvironment, trafficIndex, type AirQualityReading } from './environment.js';
export { BusFleet, type ActiveBus, type BusPosition } from './buses.js';
export { hanoiInstant, hanoiTime, isRushHour, loadCityFacts, simulatedStart } from './city.js';
export { createRandom, randomFor } from './random.js';
