import { strToU8, zipSync } from 'fflate';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** GTFS feeds for tests: the Hanoi feed beside the repository, and small crafted ones. */

/** The World Bank's Hanoi feed in ../shared/data (or SHARED_DATA); read in place, never copied. */
export const HANOI_GTFS = join(
  process.env['SHARED_DATA'] ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url)),
  'hanoi-gtfs-worldbank',
  'filtered_complete',
);

/**
 * A small feed written the way real ones are: a byte order mark, CRLF, spaces around header names,
 * quoted fields with commas and doubled quotes, columns the standard does not know, times past
 * 24:00, frequencies, calendar_dates, a station with platforms, transfers and fares.
 */
export function craftedFeed(): Record<string, string> {
  const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  return {
    'agency.txt': `\uFEFF${crlf([
      'agency_id, agency_name ,agency_url,agency_timezone,agency_lang,operator_note',
      'HNB,"Hanoi Bus, Transerco",https://example.vn,Asia/Ho_Chi_Minh,vi,"said ""hello"""',
    ])}`,
    'routes.txt': crlf([
      'route_id,agency_id,route_short_name,route_long_name,route_type,route_color,route_text_color,route_sort_order',
      'R1,HNB,01,"Gia Lâm - Yên Nghĩa",3,FF0000,ffffff,1',
      'M2A,HNB,2A,"Cát Linh - Hà Đông",1,,,2',
    ]),
    'stops.txt': crlf([
      'stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding,platform_code,extra_col',
      'ST1,"Ga Cát Linh, Đống Đa",21.0286,105.8270,1,,1,,x',
      'P1,"Cát Linh, platform 1",21.0287,105.8271,0,ST1,1,1,',
      'E1,Cát Linh entrance,21.0285,105.8269,2,ST1,,,',
      'S1,"Bờ Hồ ""Hoàn Kiếm""",21.0287,105.8522,,,,,',
      'S2,Long Biên,21.0410,105.8490,0,,,,',
      'S3,Hà Đông,20.9700,105.7780,0,,,,',
    ]),
    'calendar.txt': crlf([
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date',
      'WK,1,1,1,1,1,0,0,20260101,20261231',
    ]),
    'calendar_dates.txt': crlf(['service_id,date,exception_type', 'WK,20260430,2', 'HOL,20260902,1']),
    'shapes.txt': crlf([
      'shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence',
      'SH1,21.0287,105.8522,1',
      'SH1,21.0410,105.8490,2',
    ]),
    'trips.txt': crlf([
      'route_id , service_id , trip_id , trip_headsign , shape_id , direction_id',
      'R1,WK,T1,"Yên Nghĩa, via Long Biên",SH1,0',
      'R1,HOL,T2,Night run,,1',
      'M2A,WK,T3,Hà Đông,,0',
    ]),
    'stop_times.txt': crlf([
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence,timepoint',
      'T1,08:00:00,08:00:00,S1,1,1',
      'T1,,,S2,2,0',
      'T1,08:20:00,08:21:00,S3,3,1',
      'T2,23:50:00,23:50:00,S2,1,1',
      'T2,25:35:00,25:36:00,S3,2,1',
      'T3,6:00:00,06:00:30,P1,1,1',
      'T3,06:15:00,06:15:00,S3,2,1',
    ]),
    'frequencies.txt': crlf([
      'trip_id,start_time,end_time,headway_secs,exact_times',
      'T3,06:00:00,09:00:00,300,1',
      'T3,09:00:00,24:30:00,600,0',
    ]),
    'transfers.txt': crlf(['from_stop_id,to_stop_id,transfer_type,min_transfer_time', 'P1,S1,2,180']),
    'fare_attributes.txt': crlf(['fare_id,price,currency_type,payment_method,transfers', 'F1,7000,VND,0,0']),
    'fare_rules.txt': crlf(['fare_id,route_id', 'F1,R1']),
    // An optional file with nothing in it is as good as none.
    'feed_info.txt': '',
  };
}

/** The feed's files written to a fresh temporary folder. */
export function writeFeed(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gtfs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The feed's files as a zip. */
export function zipFeed(files: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)]))));
}
