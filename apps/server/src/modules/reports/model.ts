/**
 * Citizen reports' words (GT247 and iHanoi on Open311 GeoReport v2): a citizen reports a problem or
 * asks the city a question under a service (category); the report is routed to the department
 * responsible for that category in that ward; officers receive it, act, and answer in public; the
 * reporter follows it by its token. Time limits run in working hours (the city's calendar). These types
 * are shared by the store, the service, the Open311 codec, the routes and the web pages.
 */

/** [lon, lat], WGS 84. */
export type LonLat = readonly [lon: number, lat: number];

/** iHanoi's levels (Decision 1207/QĐ-UBND): urgent is handled within 4 working hours. */
export const REPORT_LEVELS = ['urgent', 'normal', 'complex'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

/**
 * A report's state. Open: submitted (not yet received by its department), received (accepted and being
 * handled), waiting (the reporter was asked for more; the clocks stop). Closed: resolved (answered in
 * public), rejected (with a reason), duplicate (merged into another report).
 */
export const REPORT_STATES = ['submitted', 'received', 'waiting', 'resolved', 'rejected', 'duplicate'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const OPEN_STATES: readonly ReportState[] = ['submitted', 'received', 'waiting'];

/** Open311's two statuses: every state collapses to one of them. */
export type Open311Status = 'open' | 'closed';
export const open311Status = (s: ReportState): Open311Status => (OPEN_STATES.includes(s) ? 'open' : 'closed');

/**
 * The extended statuses of the `servicerequestupdates` extension (as FixMyStreet names them), one per
 * state, for clients that show more than open/closed.
 */
export const EXTENDED_STATUS: Readonly<Record<ReportState, string>> = {
  submitted: 'OPEN',
  received: 'IN_PROGRESS',
  waiting: 'INVESTIGATING',
  resolved: 'FIXED',
  rejected: 'NO_FURTHER_ACTION',
  duplicate: 'DUPLICATE',
};

/** Open311 attribute datatypes. */
export const ATTRIBUTE_TYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** A question a service asks of the reporter (Open311 service definition attribute). */
export interface ServiceAttribute {
  readonly code: string;
  readonly datatype: AttributeType;
  readonly required: boolean;
  /** false: an informational text, not a question (Open311 `variable`). */
  readonly variable: boolean;
  readonly order: number;
  readonly description: { readonly vi: string; readonly en: string };
  /** For the list types. */
  readonly values?: readonly { readonly key: string; readonly name: { readonly vi: string; readonly en: string } }[];
}

/** Where a category's reports go: one department for the city, or the ward's own committee. */
export type Routing = { readonly kind: 'department'; readonly departmentId: string } | { readonly kind: 'ward' };

/** A service (category) citizens report under. */
export interface ReportService {
  /** Open311 service_code, stable (e.g. "road-damage"). */
  readonly code: string;
  readonly name: { readonly vi: string; readonly en: string };
  readonly description: { readonly vi: string; readonly en: string };
  /** Open311 group: GT247 (traffic and roads) or iHanoi (everything else). */
  readonly group: string;
  readonly keywords: readonly string[];
  /** The default level; a report may be raised to urgent by an attribute or an officer. */
  readonly level: ReportLevel;
  /** Working days to resolve (urgent: 4 working hours whatever this says). */
  readonly resolveWorkingDays: number;
  readonly routing: Routing;
  readonly attributes: readonly ServiceAttribute[];
  /** A question to the city rather than a problem at a place: no location needed. */
  readonly question: boolean;
}

/** A department that handles reports. Ward committees are departments of kind "ward". */
export interface Department {
  readonly id: string;
  readonly name: { readonly vi: string; readonly en: string };
  readonly kind: 'city' | 'ward';
  /** For a ward committee: the ward's code (GSO, e.g. "00070"). */
  readonly wardCode?: string;
}

/** The reporter's contact: personal data, sealed at rest, masked on reading, never public. */
export interface ReporterContact {
  readonly email?: string;
  readonly phone?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly deviceId?: string;
  readonly accountId?: string;
}

/** A photo: uploaded (stored by the module) or a reference (media_url). */
export interface ReportMedia {
  readonly id: string;
  /** Public URL of the photo (the module's media route for uploads). */
  readonly url: string;
  readonly contentType?: string;
  readonly bytes?: number;
  /** Hidden by moderation: not shown in public. */
  readonly hidden: boolean;
}

/** What a citizen (or an app) submits: POST requests, in the service's words. */
export interface NewReport {
  readonly serviceCode: string;
  readonly location?: LonLat;
  readonly addressString?: string;
  readonly addressId?: string;
  readonly description?: string;
  /** attribute[code] → value(s). */
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
  readonly contact: ReporterContact;
  readonly mediaUrls: readonly string[];
  /** Uploaded photo ids (already stored and checked). */
  readonly mediaIds: readonly string[];
  /** The app's api_key when given (apps have their own rate limit). */
  readonly apiKey?: string;
  /** Where the report came from: "open311" (an app), "web" (the citizens' page), "import". */
  readonly channel: 'open311' | 'web' | 'import';
  /** The report's language for the answers sent to the reporter. */
  readonly language: 'vi' | 'en';
}

/** A report as the public sees it (Open311 request): no personal data, moderated text. */
export interface PublicReport {
  readonly id: string;
  readonly serviceCode: string;
  readonly serviceName: string;
  readonly state: ReportState;
  readonly status: Open311Status;
  /** The latest public answer or reason (Open311 status_notes). */
  readonly statusNotes?: string;
  /** Moderated: personal data and abusive words masked; empty when hidden. */
  readonly description: string;
  readonly agencyResponsible: string;
  /** The department's names in both languages, when it is one of the city's (an imported agency has one name). */
  readonly agencyNames?: { readonly vi: string; readonly en: string };
  readonly serviceNotice?: string;
  readonly requestedAt: string;
  readonly updatedAt: string;
  /** When it is due to be resolved (Open311 expected_datetime). */
  readonly expectedAt?: string;
  readonly address?: string;
  readonly addressId?: string;
  readonly wardCode?: string;
  readonly wardName?: string;
  readonly location?: LonLat;
  readonly media: readonly ReportMedia[];
  /** For duplicates: the report it was merged into. */
  readonly mergedInto?: string;
}

/** One event of a report's timeline (the module's table; public ones are Open311 updates). */
export interface ReportEvent {
  readonly id: string;
  readonly reportId: string;
  readonly at: string;
  readonly kind:
    | 'submitted'
    | 'received'
    | 'asked'
    | 'supplemented'
    | 'transferred'
    | 'merged'
    | 'resolved'
    | 'rejected'
    | 'reopened'
    | 'note'
    | 'level'
    | 'overdue';
  /** The state after the event. */
  readonly state: ReportState;
  /** Shown to the public (an answer, a question to the reporter, a reason) or internal (a note). */
  readonly public: boolean;
  readonly text?: string;
  readonly actor?: string;
  readonly departmentId?: string;
  readonly mediaIds?: readonly string[];
}

/** The two clocks of a report, in the city's working time. */
export interface ReportClock {
  /** Receipt due: 8 working hours after submission (urgent: 4). */
  readonly receiveBy: string;
  readonly receivedAt?: string;
  /** Resolution due: the service's working days (urgent: 4 working hours), shifted by waiting. */
  readonly resolveBy: string;
  readonly closedAt?: string;
  /** Working minutes left to the next deadline (negative when overdue); absent when closed. */
  readonly minutesLeft?: number;
  readonly overdue: boolean;
  /** Closed in time (resolution and receipt), for on-time rates; absent while open. */
  readonly onTime?: boolean;
  /** While waiting on the reporter the clocks stand still. */
  readonly paused: boolean;
}

/** A report as its department's officers see it: the public view, the clocks and the routing. */
export interface StaffReport extends PublicReport {
  readonly level: ReportLevel;
  readonly departmentId: string;
  readonly clock: ReportClock;
  readonly channel: NewReport['channel'];
  /** Masked unless the reader may see it in clear (then audited). */
  readonly contact: ReporterContact;
  /** The description as written (personal data; masked like the contact). */
  readonly originalDescription?: string;
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
  /** Moderation hid the text from the public. */
  readonly hidden: boolean;
}
