import { Gauge } from 'prom-client';
import { SnapshotFeed } from '../../context/index.js';
import { Invalid, parseInteger, variable } from '../../platform/config.js';
import { defineErrors } from '../../platform/errors.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { warningRoutes } from './routes.js';
import { WarningService } from './service.js';

/** Public warnings in CAP 1.2: the public surface of warnings/. */
export { capXml, capTime, atomFeed, CAP_NAMESPACE, type CapMessage, type CapInfo } from './cap.js';
export { WarningService, AIR_QUALITY_WARNING, FLOOD_WARNING, WRITTEN_WARNING, type WarningView } from './service.js';
export type { Place } from './content.js';

export interface WarningSettings {
  /** VN_AQI from which the area around a station is warned. */
  readonly aqiFrom: number;
  /** The `sender` of CAP messages. */
  readonly capSender: string;
}

const parseCapSender = (raw: string): string => {
  if (!/^[^\s,<&"]+$/.test(raw)) throw new Invalid('must have no spaces, commas, "<", "&" or quotes (CAP 1.2)');
  return raw;
};

export const warningsModule = defineModule({
  name: 'warnings',
  // The feed and the messages are public (CAP is for everyone); writing and cancelling one is the centre's.
  permissions: { 'warnings:write': ['admin', 'operator'] },
  errors: defineErrors({
    WARNING_BAD_EXPIRY: {
      status: 400,
      when: 'warnings: a written warning expires before now or more than 7 days ahead',
    },
    WARNING_TEXT_NOT_XML: {
      status: 400,
      when: "warnings: a written warning's text holds a character XML 1.0 does not allow (a control character other than tab and line breaks); `field` names it",
    },
    WARNING_LIFTS_ITSELF: {
      status: 409,
      when: 'warnings: cancelling a warning raised from measurements, which is lifted when its condition ends',
    },
    WARNING_NOT_IN_FORCE: { status: 409, when: 'warnings: cancelling a warning already cancelled or expired' },
  }),
  config: defineConfig(
    {
      WARNING_AQI_FROM: variable({
        doc: 'VN_AQI from which the area around a station gets a public CAP warning (151 = "Xấu")',
        parse: parseInteger(51, 500),
        fallback: '151',
      }),
      CAP_SENDER: variable({
        doc: 'The sender of public CAP warnings: globally unique, no spaces or commas (e.g. canhbao@hanoi.gov.vn)',
        parse: parseCapSender,
        fallback: 'thanglong@localhost',
      }),
    },
    (v): WarningSettings => ({ aqiFrom: v.WARNING_AQI_FROM ?? 151, capSender: v.CAP_SENDER ?? 'thanglong@localhost' }),
  ),
  create({ db, log, config, settings, broker }) {
    const service = new WarningService({
      db,
      log,
      sender: settings.capSender,
      baseUrl: () => config.http.publicUrl,
    });
    // The tenant's warnings in force on the live stream (`feeds=warnings`), sent when they change.
    broker.feeds.add(
      new SnapshotFeed({
        name: 'warnings',
        event: 'warnings',
        everyMs: 15_000,
        read: async (tenant) => ({ warnings: await service.active(tenant) }),
        log,
      }),
    );
    return {
      provides: { service, aqiFrom: settings.aqiFrom },
      async routes(app) {
        await app.register(warningRoutes, { warnings: service });
      },
      metrics(registry) {
        new Gauge({
          name: 'thanglong_warnings_in_force',
          help: 'Public CAP warnings in force (issued, not cancelled, not expired)',
          registers: [registry],
          async collect() {
            this.set(await service.inForce());
          },
        });
      },
    };
  },
});
