import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { simulatedStart } from '../../server/src/platform/hanoi-time.js';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { mapSettled, SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// The map that orients: the offline basemap drawn in Chromium from the server's vector tiles, anywhere in
// the city, with labels; each live layer in its own shape; hospitals, police and fire stations labelled;
// and a legend that says what each shape means. Screenshots go to test-results/web/.

const ADMIN_PASSWORD = 'basemap-test-password';
const WAIT_MS = 120_000;
// The label points of the two wards.
const LONG_BIEN: [number, number] = [105.89628, 21.01985];
const HA_DONG: [number, number] = [105.77825, 20.97357];

type Props = Record<string, unknown>;

const until = untilWithin(WAIT_MS);

/** Moves the map and waits until it has drawn what it loads for that view (or a while passed). */
function view(page: Page, center: [number, number], zoom: number): Promise<void> {
  return mapSettled(page, { center, zoom });
}

/** The properties of what the given map layers draw now (rendered features, not the sources). */
function drawn(page: Page, layers: string[]): Promise<Props[]> {
  return page.evaluate((ids) => {
    const map = window.__thanglongMap;
    const present = ids.filter((id) => map?.getLayer(id));
    if (!map || present.length === 0) return [];
    return map.queryRenderedFeatures({ layers: present }).map((f) => ({ ...f.properties, layerId: f.layer.id }));
  }, layers);
}

/**
 * Shows the basemap alone (or the live layers again). Labels give way to the live layers' labels above
 * them, which move with the demo's data: the basemap's own labelling is checked without them.
 */
async function basemapOnly(page: Page, only: boolean): Promise<void> {
  await page.evaluate((alone) => {
    const map = window.__thanglongMap;
    if (!map) return;
    // What each live layer showed before, so the operator's choices come back as they were.
    const w = window as unknown as { __shown?: Record<string, string> };
    const shown = (w.__shown ??= {});
    for (const layer of map.getStyle().layers) {
      if (!('source' in layer) || layer.source === 'city') continue;
      if (alone) {
        shown[layer.id] = String(map.getLayoutProperty(layer.id, 'visibility') ?? 'visible');
        map.setLayoutProperty(layer.id, 'visibility', 'none');
      } else map.setLayoutProperty(layer.id, 'visibility', shown[layer.id] ?? 'visible');
    }
  }, only);
  await mapSettled(page);
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the basemap in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${driver}-basemap-${name}.png` });

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'on',
        DEMO_SPEED: '5',
        DEMO_START: simulatedStart('08:00', Date.now() - 3600_000).toISOString(),
      });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await until('the map is ready', () => page.evaluate(() => !!window.__thanglongMap?.getLayer('buses-points')));
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    for (const [name, at] of [
      ['Long Biên', LONG_BIEN],
      ['Hà Đông', HA_DONG],
    ] as const) {
      it(`draws roads, water and ward names in ${name}`, async () => {
        await view(page, at, 13);
        const roads = await until('roads drawn', async () => {
          const r = await drawn(page, ['road']);
          return r.length > 20 && r;
        });
        assert.ok(
          roads.some((r) => r['class'] === 'minor' || r['class'] === 'tertiary'),
          'streets, not only highways',
        );
        assert.ok((await drawn(page, ['water', 'waterway'])).length > 0, `water in ${name}`);
        // The ward under the centre of the map is this one, and ward names are drawn around it.
        const here = await page.evaluate(() => {
          const map = window.__thanglongMap;
          if (!map) return [];
          const c = map.project(map.getCenter());
          return map.queryRenderedFeatures(c, { layers: ['ward-fill'] }).map((f) => String(f.properties['shortName']));
        });
        assert.deepEqual(here, [name]);
        await basemapOnly(page, true);
        await until('ward names drawn', async () => (await drawn(page, ['ward-label'])).length > 0);
        await basemapOnly(page, false);
        await shot(name.replace(/\s/g, '-'));
      });
    }

    it('labels the main roads, the Red River and West Lake at city zoom', async () => {
      await view(page, [105.845, 21.04], 11);
      await basemapOnly(page, true);
      const roadLabels = await until('road labels', async () => {
        const r = await drawn(page, ['road-label']);
        return r.length > 0 && r;
      });
      for (const r of roadLabels)
        assert.ok(
          ['motorway', 'trunk', 'primary', 'secondary'].includes(String(r['class'])),
          "['motorway', 'trunk', 'primary', 'secondary'].includes(String(r['class']))",
        );
      const water = [...(await drawn(page, ['water-label'])), ...(await drawn(page, ['waterway-label']))].map(
        (w) => w['name'],
      );
      assert.ok(water.includes('Sông Hồng'), `the Red River is named (${water.join(', ')})`);
      assert.ok(water.includes('Hồ Tây'), 'West Lake is named');
      // City zoom: main roads only, the streets come closer in.
      const classes = new Set((await drawn(page, ['road'])).map((r) => r['class']));
      assert.ok(!classes.has('minor') && !classes.has('service'), [...classes].join(','));
      await shot('city');
      await basemapOnly(page, false);
    });

    it('draws hospitals, police and fire stations in their own shapes, with their names', async () => {
      // The city's fire and rescue headquarters, near Hoàn Kiếm Lake.
      await view(page, [105.851, 21.024], 14);
      const places = await until('hospitals, police and fire drawn', async () => {
        const p = await drawn(page, ['place']);
        const categories = new Set(p.map((x) => x['category']));
        return ['hospital', 'police', 'fire'].every((c) => categories.has(c)) && p;
      });
      for (const category of ['hospital', 'police', 'fire'])
        assert.ok(
          places.some((p) => p['category'] === category && typeof p['name'] === 'string' && p['name'].length > 3),
          category,
        );
      const style = await page.evaluate(() => {
        const map = window.__thanglongMap;
        return {
          text: JSON.stringify(map?.getLayoutProperty('place', 'text-field')),
          icons: ['hospital', 'police', 'fire'].map((c) =>
            (map?.listImages() ?? []).find((id) => id.startsWith(`shape:${c}:`)),
          ),
        };
      });
      assert.match(style.text, /name/, 'places carry their names');
      assert.equal(new Set(style.icons.filter(Boolean)).size, 3, `one icon each: ${style.icons.join(' ')}`);
      await shot('places');
    });

    it('draws each live layer in its own shape, and the legend shows them with no data and clusters', async () => {
      await view(page, [105.8342, 21.0278], 13);
      const shapeOf = await page.evaluate(() => {
        const map = window.__thanglongMap;
        const out: Record<string, string> = {};
        for (const key of ['air', 'noise', 'water', 'buses', 'parking', 'cameras', 'alarms', 'reports']) {
          const layer = map?.getLayer(`${key}-points`);
          if (!layer) continue;
          const icon =
            layer.type === 'symbol' ? JSON.stringify(map?.getLayoutProperty(`${key}-points`, 'icon-image')) : '';
          const shape = /shape:([a-z]+):/.exec(icon)?.[1];
          out[key] = shape ?? (key === 'alarms' ? 'ring' : layer.type);
        }
        return out;
      });
      assert.deepEqual(Object.keys(shapeOf).sort(), [
        'air',
        'alarms',
        'buses',
        'cameras',
        'noise',
        'parking',
        'reports',
        'water',
      ]);
      assert.equal(new Set(Object.values(shapeOf)).size, 8, `eight shapes: ${JSON.stringify(shapeOf)}`);
      // Buses run on the demo's timetable: whether one is in service now is not this test's business.
      for (const key of ['air', 'noise', 'water', 'parking', 'cameras']) {
        await until(`${key} drawn`, async () => (await drawn(page, [`${key}-points`])).length > 0);
      }
      // The icons the symbol layers drew are their own shape, in a status colour.
      const images = await page.evaluate(() => window.__thanglongMap?.listImages() ?? []);
      for (const key of ['noise', 'water', 'parking', 'cameras'])
        assert.ok(
          images.some((id) => id.startsWith(`shape:${shapeOf[key]}:#`)),
          `${key} drawn as ${shapeOf[key]} (${images.join(' ')})`,
        );

      const legend = page.locator('.legend');
      for (const key of Object.keys(shapeOf)) {
        const swatch = legend.locator(`[data-layer=${key}] svg`).first();
        assert.equal(await swatch.getAttribute('data-shape'), key === 'alarms' ? 'ring' : shapeOf[key], key);
      }
      await legend.locator('[data-legend=no-data]').filter({ hasText: /\S/ }).waitFor();
      await legend.locator('[data-legend=cluster] svg').waitFor();
      for (const place of ['hospital', 'police', 'fire']) await legend.locator(`[data-legend=${place}]`).waitFor();
      const legendText = await legend.innerText();
      for (const words of ['Chưa có dữ liệu', 'Nhiều điểm', 'Bệnh viện', 'Đồn công an'])
        assert.ok(legendText.includes(words), `legend says "${words}"`);
      await shot('legend');
    });
  });
}
