import './citizen.css';
import { LightMap, type LonLat, type MapMarker } from './map.js';
import { resizePhoto } from './photo.js';
import { WORDS, type Language, type Words } from './words.js';

/**
 * The citizens' page: report a problem (a kind, a pin, a photo made small on the phone, a description,
 * a private contact), see whether someone reported it already, follow one's own reports by their
 * token and answer what the department asks, and see the reports near here. Plain DOM and SVG, no
 * framework and no map library, so the first view is small and needs no WebGL. It talks to the public
 * Open311 API and the module's public routes only.
 */

const OPEN311 = '/open311/v2';
const REPORTS = '/api/v1/reports';
const LANGUAGE_KEY = 'thanglong.citizen.language';
const MINE_KEY = 'thanglong.citizen.reports';
/** Hoàn Kiếm lake: where the map opens before the person shows a place. */
const HANOI: LonLat = [105.8522, 21.0287];
const NEAR_METRES = 1000;

type State = 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';

/** An Open311 service as services.json lists it. */
interface Service {
  service_code: string;
  service_name: string;
  description?: string;
  metadata?: boolean | string;
  group?: string;
  keywords?: string;
}
/** An Open311 attribute of a service definition. */
interface Attribute {
  variable: boolean | string;
  code: string;
  datatype: string;
  required: boolean | string;
  description: string;
  order?: number;
  values?: { key: string; name: string }[];
}
/** An Open311 request (GET requests, requests/{id}). */
interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes?: string | null;
  service_code?: string | null;
  service_name?: string | null;
  description?: string | null;
  agency_responsible?: string | null;
  requested_datetime?: string | null;
  updated_datetime?: string | null;
  expected_datetime?: string | null;
  address?: string | null;
  lat?: number | string | null;
  long?: number | string | null;
  media_url?: string | null;
  extended_attributes?: { state?: string; media_urls?: string[]; merged_into?: string | null } | null;
}
/** A public update of a request (Open311's servicerequestupdates, with our media_urls). */
interface Open311Update {
  status: string;
  media_urls?: string[];
}
interface PublicReport {
  id: string;
  serviceCode: string;
  serviceName: string;
  state: State;
  status: 'open' | 'closed';
  statusNotes?: string;
  description: string;
  agencyResponsible: string;
  agencyNames?: { vi: string; en: string };
  requestedAt: string;
  updatedAt: string;
  expectedAt?: string;
  address?: string;
  wardName?: string;
  location?: LonLat;
  media: { id: string; url: string; hidden: boolean }[];
  mergedInto?: string;
}
interface ReportEvent {
  id: string;
  at: string;
  kind: keyof Words['event'];
  state: State;
  public: boolean;
  text?: string;
  /** Photos given with this step (an officer's of the work done, a reporter's with an answer). */
  mediaIds?: string[];
}
interface Followed {
  report: PublicReport;
  events: ReportEvent[];
  asked?: string;
  /** A merged report: the one it joined, whose outcome is this one's. */
  outcome?: { report: PublicReport; events: ReportEvent[] };
}
/** What this phone remembers: the reports sent from it (with their token) and those followed. */
interface Mine {
  id: string;
  token?: string;
  at: string;
}

interface Draft {
  service: string;
  center: LonLat;
  zoom: number;
  placed: boolean;
  photo?: { id: string; kb: number; preview: string };
  description: string;
  email: string;
  phone: string;
  attributes: Record<string, string | string[]>;
}

/** The language chosen here, else the browser's first one when it is English; Vietnamese otherwise. */
function firstLanguage(): Language {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  if (chosen === 'en' || chosen === 'vi') return chosen;
  return (navigator.languages?.[0] ?? navigator.language ?? '').toLowerCase().startsWith('en') ? 'en' : 'vi';
}

let language: Language = firstLanguage();
let w: Words = WORDS[language];
const root = document.getElementById('citizen') as HTMLElement;
const newDraft = (): Draft => ({
  service: '',
  center: HANOI,
  zoom: 15,
  placed: false,
  description: '',
  email: '',
  phone: '',
  attributes: {},
});
let draft = newDraft();

type Child = Node | string | null | undefined | false;
type Attr = string | number | boolean | null | undefined | ((event: Event) => void);

function h(tag: string, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const when = (iso: string | null | undefined): string =>
  iso
    ? new Date(iso).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '';

// ---- The server ----

/** The words of an error: Open311's [{code, description}], the API's problem+json, or "could not load". */
async function errorOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as unknown;
    if (Array.isArray(body)) {
      const texts = body
        .map((e: { description?: unknown }) => (typeof e.description === 'string' ? e.description : ''))
        .filter(Boolean);
      if (texts.length > 0) return texts.join(' ');
    }
    const problem = body as { detail?: string; title?: string };
    return problem.detail ?? problem.title ?? w.failed;
  } catch {
    return w.failed;
  }
}

class Refused extends Error {}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', 'accept-language': language, ...(init.headers ?? {}) },
    });
  } catch {
    throw new Refused(w.failed);
  }
  if (!res.ok) throw new Refused(await errorOf(res));
  return (await res.json()) as T;
}

const getJson = <T>(path: string): Promise<T | null> => call<T>(path).catch(() => null);

let services: { language: Language; list: Promise<Service[]> } | undefined;
function servicesList(): Promise<Service[]> {
  if (services?.language !== language) {
    services = {
      language,
      list: getJson<Service[]>(`${OPEN311}/services.json?locale=${language}`).then((s) => s ?? []),
    };
  }
  return services.list;
}
/**
 * The services' names in the page's language by their code, read again with the page: a report
 * carries its service's name in the language it was sent in.
 */
let serviceNames = new Map<string, string>();
const serviceName = (code: string | null | undefined, sent: string | null | undefined): string =>
  (code ? serviceNames.get(code) : undefined) ?? sent ?? '';

/**
 * Questions to the city are asked from anywhere: they need no pin. (The service `question`: Open311's
 * services list says nothing of it.)
 */
const isQuestion = (code: string): boolean => code === 'question';

function mine(): Mine[] {
  try {
    const list = JSON.parse(localStorage.getItem(MINE_KEY) ?? '[]') as Mine[];
    return Array.isArray(list) ? list.filter((m) => typeof m.id === 'string') : [];
  } catch {
    return [];
  }
}
function remember(entry: Mine): void {
  const list = mine().filter((m) => m.id !== entry.id);
  localStorage.setItem(MINE_KEY, JSON.stringify([entry, ...list].slice(0, 100)));
}
function forget(id: string): void {
  localStorage.setItem(MINE_KEY, JSON.stringify(mine().filter((m) => m.id !== id)));
}

// ---- Shared pieces ----

function stateBadge(state: State | undefined, status: 'open' | 'closed'): HTMLElement {
  const text = state ? w.status[state] : status === 'open' ? w.open : w.closed;
  return h('span', { class: `state state-${state ?? status}` }, text);
}

/** A state from an Open311 request: its extended status when the server gives one, else open or closed. */
function stateOf(r: Open311Request): State | undefined {
  const s = r.extended_attributes?.state;
  return s && s in w.status ? (s as State) : undefined;
}

/** Whether a photo is this site's: the page's policy (img-src 'self') shows no other. */
function isOwnPhoto(url: string): boolean {
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/** A photo kept elsewhere (an Open311 media_url): a link to it, opened apart from this page. */
const externalPhotoLink = (url: string): HTMLElement =>
  h('a', { href: url, class: 'external-photo', target: '_blank', rel: 'noopener noreferrer' }, `↗ ${w.externalPhoto}`);

/** A photo on a report's own page: loaded as it is scrolled to; one kept elsewhere is a link. */
const photoView = (url: string, alt: string, cls: string): HTMLElement =>
  isOwnPhoto(url)
    ? h('img', { src: url, alt, class: cls, loading: 'lazy', decoding: 'async' })
    : externalPhotoLink(url);

function reportCard(r: {
  href: string;
  id: string;
  service: string;
  state: State | undefined;
  status: 'open' | 'closed';
  description: string;
  at: string;
  /** Said, never loaded: a list of full-size photos costs minutes on a slow phone. */
  photos?: readonly string[];
  extra?: Child;
}): HTMLElement {
  const photos = r.photos ?? [];
  const external = photos.filter((u) => !isOwnPhoto(u));
  return h(
    'li',
    { class: 'card' },
    h(
      'a',
      { href: r.href, class: 'card-link' },
      h(
        'span',
        { class: 'card-text' },
        h('strong', {}, r.service),
        stateBadge(r.state, r.status),
        r.description ? h('span', { class: 'quiet clip' }, r.description) : null,
        h(
          'span',
          { class: 'quiet' },
          w.number(r.id),
          ' · ',
          h('time', { datetime: r.at }, when(r.at)),
          photos.length > 0 ? h('span', { class: 'has-photos' }, ` · 📷 ${w.hasPhotos(photos.length)}`) : null,
        ),
      ),
    ),
    ...external.map(externalPhotoLink),
    r.extra,
  );
}

const requestCard = (r: Open311Request, extra?: Child): HTMLElement =>
  reportCard({
    href: `#/report/${encodeURIComponent(r.service_request_id)}`,
    id: r.service_request_id,
    service: serviceName(r.service_code, r.service_name),
    state: stateOf(r),
    status: r.status,
    description: r.description ?? '',
    at: r.requested_datetime ?? '',
    photos: r.media_url ? [r.media_url] : [],
    extra,
  });

function locate(onFound: (at: LonLat) => void, say: (text: string) => void): void {
  say(w.locating);
  if (!('geolocation' in navigator)) return say(w.noLocation);
  navigator.geolocation.getCurrentPosition(
    (p) => {
      say('');
      onFound([p.coords.longitude, p.coords.latitude]);
    },
    () => say(w.noLocation),
    { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
  );
}

// ---- Report a problem ----

function attributeField(a: Attribute): HTMLElement {
  const id = `attr-${a.code}`;
  const required = a.required === true || a.required === 'true';
  if (a.variable === false || a.variable === 'false') return h('p', { class: 'quiet' }, a.description);
  const value = draft.attributes[a.code];
  const set = (v: string | string[]) => {
    draft.attributes[a.code] = v;
  };
  const label = h('label', { for: id, class: 'label' }, a.description, required ? ' *' : '');
  if (a.datatype === 'singlevaluelist') {
    const select = h(
      'select',
      { id, name: a.code, required, onchange: (e: Event) => set((e.target as HTMLSelectElement).value) },
      h('option', { value: '' }, w.choose),
      ...(a.values ?? []).map((v) => h('option', { value: v.key, selected: value === v.key }, v.name)),
    );
    return h('div', {}, label, select);
  }
  if (a.datatype === 'multivaluelist') {
    const chosen = new Set(Array.isArray(value) ? value : []);
    return h(
      'fieldset',
      {},
      h('legend', { class: 'label' }, a.description, required ? ' *' : ''),
      ...(a.values ?? []).map((v) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name: a.code,
            value: v.key,
            checked: chosen.has(v.key),
            onchange: (e: Event) => {
              if ((e.target as HTMLInputElement).checked) chosen.add(v.key);
              else chosen.delete(v.key);
              set([...chosen]);
            },
          }),
          ' ',
          v.name,
        ),
      ),
    );
  }
  const onInput = (e: Event) => set((e.target as HTMLInputElement).value);
  const field =
    a.datatype === 'text'
      ? h('textarea', { id, name: a.code, required, rows: 3, oninput: onInput }, typeof value === 'string' ? value : '')
      : h('input', {
          id,
          name: a.code,
          required,
          type: a.datatype === 'number' ? 'number' : a.datatype === 'datetime' ? 'datetime-local' : 'text',
          value: typeof value === 'string' ? value : '',
          oninput: onInput,
        });
  return h('div', {}, label, field);
}

async function showReport(): Promise<HTMLElement[]> {
  const list = await servicesList();
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const attributes = h('div', { id: 'attributes' });
  const placeSection = h('section', { 'aria-labelledby': 'place-title' });
  const placeText = h('p', { class: 'quiet', id: 'place-text' });
  const duplicates = h('section', { id: 'duplicates', 'aria-live': 'polite' });

  const sayPlace = () => {
    placeText.textContent = draft.placed
      ? w.placedAt(draft.center[1].toFixed(5), draft.center[0].toFixed(5))
      : w.notPlaced;
  };
  const map = new LightMap({
    center: draft.center,
    zoom: draft.zoom,
    label: w.mapLabel,
    pin: true,
    zoomIn: w.zoomIn,
    zoomOut: w.zoomOut,
    onMove: (c) => {
      draft.center = c;
      draft.placed = true;
      sayPlace();
      lookForDuplicates();
      recheck();
    },
  });

  // Duplicates: once the person stops typing or moving, one look for reports of this kind nearby.
  let looking: ReturnType<typeof setTimeout> | undefined;
  let asked = '';
  function lookForDuplicates(): void {
    clearTimeout(looking);
    looking = setTimeout(() => {
      if (!draft.placed || !draft.service || isQuestion(draft.service)) return duplicates.replaceChildren();
      const [lon, lat] = draft.center;
      const q = `lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&service=${encodeURIComponent(draft.service)}`;
      asked = q;
      void getJson<{ reports: PublicReport[] }>(`${REPORTS}/nearby?${q}`).then((found) => {
        if (asked !== q) return;
        const reports = found?.reports ?? [];
        map.setMarkers(
          reports.flatMap((r) =>
            r.location
              ? [
                  {
                    at: r.location,
                    label: serviceName(r.serviceCode, r.serviceName),
                    kind: `state-${r.state}`,
                  } satisfies MapMarker,
                ]
              : [],
          ),
        );
        if (reports.length === 0) return duplicates.replaceChildren();
        const followedIds = new Set(mine().map((m) => m.id));
        duplicates.replaceChildren(
          h('h2', { id: 'duplicates-title' }, w.duplicates),
          h('p', { class: 'quiet' }, w.duplicatesHint),
          h(
            'ul',
            { class: 'cards', 'aria-labelledby': 'duplicates-title' },
            ...reports.slice(0, 5).map((r) =>
              reportCard({
                href: `#/report/${encodeURIComponent(r.id)}`,
                id: r.id,
                service: serviceName(r.serviceCode, r.serviceName),
                state: r.state,
                status: r.status,
                description: r.description,
                at: r.requestedAt,
                photos: r.media.filter((m) => !m.hidden).map((m) => m.url),
                extra: followedIds.has(r.id)
                  ? h('p', { class: 'quiet' }, `✓ ${w.following}`)
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'mine-too',
                        onclick: () => {
                          remember({ id: r.id, at: new Date().toISOString() });
                          location.hash = `#/report/${encodeURIComponent(r.id)}`;
                        },
                      },
                      w.mineToo,
                    ),
              }),
            ),
          ),
        );
      });
    }, 400);
  }

  const showPlace = () => {
    const question = isQuestion(draft.service);
    placeSection.replaceChildren(
      h('h2', { id: 'place-title' }, w.place),
      ...(question
        ? [h('p', { class: 'quiet' }, w.noPlaceNeeded)]
        : [
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: (e: Event) => {
                  const button = e.currentTarget as HTMLButtonElement;
                  button.disabled = true;
                  locate(
                    (at) => {
                      button.disabled = false;
                      map.setCenter(at, 17);
                    },
                    (text) => {
                      if (text !== w.locating) button.disabled = false;
                      placeText.textContent = text || placeText.textContent;
                    },
                  );
                },
              },
              `◎ ${w.useLocation}`,
            ),
            map.element,
            placeText,
          ]),
    );
    sayPlace();
    if (!question) requestAnimationFrame(() => map.draw());
  };

  const loadAttributes = async () => {
    attributes.replaceChildren();
    const service = list.find((s) => s.service_code === draft.service);
    if (!service || !(service.metadata === true || service.metadata === 'true')) return;
    const definition = await getJson<{ attributes?: Attribute[] }>(
      `${OPEN311}/services/${encodeURIComponent(service.service_code)}.json?locale=${language}`,
    );
    const fields = [...(definition?.attributes ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    if (draft.service !== service.service_code || fields.length === 0) return;
    attributes.replaceChildren(
      h('fieldset', { class: 'questions' }, h('legend', {}, w.questions), ...fields.map(attributeField)),
    );
  };

  // Services by their group (GT247 for roads and traffic, iHanoi for the rest), in the server's order.
  const groups = new Map<string, Service[]>();
  for (const s of list) groups.set(s.group ?? '', [...(groups.get(s.group ?? '') ?? []), s]);
  const category = h(
    'select',
    {
      id: 'service',
      name: 'service_code',
      required: true,
      onchange: (e: Event) => {
        draft.service = (e.target as HTMLSelectElement).value;
        draft.attributes = {};
        showPlace();
        void loadAttributes();
        lookForDuplicates();
      },
    },
    h('option', { value: '' }, w.pickCategory),
    ...[...groups].flatMap(([group, members]) => {
      const options = members.map((s) =>
        h('option', { value: s.service_code, selected: s.service_code === draft.service }, s.service_name),
      );
      return group ? [h('optgroup', { label: group }, ...options)] : options;
    }),
  );
  const categoryHelp = h('p', { class: 'quiet', id: 'service-help' });
  const describeService = () => {
    categoryHelp.textContent = list.find((s) => s.service_code === draft.service)?.description ?? '';
  };
  category.addEventListener('change', describeService);
  describeService();
  // A question to the city is said to be one: in the description's hint and on the button.
  const descriptionHint = h('p', { class: 'quiet', id: 'description-hint' });
  const submit = h('button', { type: 'submit', class: 'primary' }) as HTMLButtonElement;
  const sayKind = () => {
    const question = isQuestion(draft.service);
    descriptionHint.textContent = question ? w.questionHint : w.descriptionHint;
    submit.textContent = question ? w.submitQuestion : w.submit;
  };
  category.addEventListener('change', sayKind);
  sayKind();

  // The photo: made small here, sent at once, so the report itself goes out fast.
  const photoStatus = h('p', { class: 'quiet', id: 'photo-status', 'aria-live': 'polite' });
  const photoPreview = h('div', { class: 'photo-preview' });
  const photoInput = h('input', {
    id: 'photo',
    type: 'file',
    accept: 'image/*',
    'aria-describedby': 'photo-hint photo-status',
    onchange: (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) void takePhoto(file);
    },
  }) as HTMLInputElement;
  const showPhoto = () => {
    const p = draft.photo;
    photoPreview.replaceChildren(
      ...(p
        ? [
            h('img', { src: p.preview, alt: w.photoOf, id: 'photo-preview' }),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => {
                  draft.photo = undefined;
                  photoInput.value = '';
                  photoStatus.textContent = '';
                  showPhoto();
                },
              },
              w.removePhoto,
            ),
          ]
        : []),
    );
    if (p) photoStatus.textContent = w.photoReady(p.kb);
  };
  async function takePhoto(file: File): Promise<void> {
    draft.photo = undefined;
    showPhoto();
    photoStatus.textContent = w.photoResizing;
    try {
      const jpeg = await resizePhoto(file);
      photoStatus.textContent = w.photoUploading;
      const stored = await call<{ id: string; url: string }>(`${REPORTS}/media`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg' },
        body: jpeg,
      });
      draft.photo = {
        id: stored.id,
        kb: Math.round(jpeg.size / 1024),
        preview: URL.createObjectURL(jpeg),
      };
      showPhoto();
    } catch (err) {
      photoStatus.textContent = err instanceof Refused ? `${w.photoFailed} ${err.message}` : w.photoFailed;
    }
  }

  const text = (id: string, key: 'description' | 'email' | 'phone', attrs: Record<string, Attr> = {}) =>
    h(key === 'description' ? 'textarea' : 'input', {
      id,
      name: key,
      ...attrs,
      ...(key === 'description' ? {} : { value: draft[key] }),
      oninput: (e: Event) => {
        draft[key] = (e.target as HTMLInputElement).value;
        if (key === 'description') lookForDuplicates();
      },
    });
  const description = text('description', 'description', {
    rows: 4,
    maxlength: 4000,
    required: true,
    'aria-describedby': 'description-hint',
  });
  description.textContent = draft.description;

  const form = h(
    'form',
    {
      id: 'report-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void send();
      },
    },
    h('section', {}, h('label', { for: 'service', class: 'label' }, w.category), category, categoryHelp, attributes),
    placeSection,
    duplicates,
    h(
      'section',
      {},
      h('label', { for: 'photo', class: 'label' }, w.photo),
      h('p', { class: 'quiet', id: 'photo-hint' }, w.photoHint),
      photoInput,
      photoStatus,
      photoPreview,
    ),
    h('section', {}, h('label', { for: 'description', class: 'label' }, w.description), descriptionHint, description),
    h(
      'fieldset',
      { class: 'contact', 'aria-describedby': 'contact-private' },
      h('legend', { class: 'label' }, w.contact),
      h('p', { class: 'quiet', id: 'contact-private' }, w.contactPrivate),
      h('label', { for: 'email', class: 'label small' }, w.email),
      text('email', 'email', { type: 'email', autocomplete: 'email', inputmode: 'email' }),
      h('label', { for: 'phone', class: 'label small' }, w.phone),
      text('phone', 'phone', { type: 'tel', autocomplete: 'tel', inputmode: 'tel' }),
    ),
    message,
    submit,
  );

  // Validation: what keeps the report from going, said when sending and taken away once it is put right.
  form.addEventListener('input', () => recheck());
  form.addEventListener('change', () => recheck());
  let shown: string | null = null;
  function problemOf(): { text: string; field?: HTMLElement } | null {
    if (!draft.service) return { text: w.needCategory };
    if (!isQuestion(draft.service) && !draft.placed) return { text: w.needPlace };
    if (draft.description.trim() === '')
      return { text: isQuestion(draft.service) ? w.needQuestion : w.needDescription };
    // A question of the service left unanswered: its control (not the fieldset around it, which is
    // :invalid too), named by its label and focused.
    const unanswered = form.querySelector<HTMLElement>('#attributes :is(input, select, textarea):invalid');
    if (!unanswered) return null;
    const label =
      (unanswered.id ? form.querySelector(`label[for="${CSS.escape(unanswered.id)}"]`) : null) ??
      unanswered.closest('fieldset:not(.questions)')?.querySelector('legend');
    return { text: w.needAnswer(label?.textContent?.trim() ?? ''), field: unanswered };
  }
  function recheck(): void {
    if (shown === null || problemOf()?.text === shown) return;
    shown = null;
    message.textContent = '';
    message.className = 'message';
  }

  async function send(): Promise<void> {
    const problem = problemOf();
    message.className = 'message';
    shown = null;
    if (problem) {
      message.textContent = problem.text;
      message.classList.add('error');
      shown = problem.text;
      problem.field?.focus();
      return;
    }
    // The page's own route: the report is marked as from the web, in the page's language, with the
    // uploaded photo by its id (Open311 apps POST requests.json with a media URL instead).
    const attributes = Object.fromEntries(
      Object.entries(draft.attributes).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== '')),
    );
    const contact = {
      ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
      ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
    };
    const body = {
      serviceCode: draft.service,
      description: draft.description.trim(),
      ...(!isQuestion(draft.service) || draft.placed ? { location: [draft.center[0], draft.center[1]] } : {}),
      attributes,
      contact,
      mediaIds: draft.photo ? [draft.photo.id] : [],
      language,
    };
    submit.disabled = true;
    submit.textContent = w.sending;
    try {
      const created = await call<{ id: string; token: string; serviceNotice?: string }>(REPORTS, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const id = created.id;
      remember({ id, at: new Date().toISOString(), token: created.token });
      const question = isQuestion(draft.service);
      draft = newDraft();
      const href = `#/report/${encodeURIComponent(id)}`;
      // Who answers and by when (the server's words, in the page's language), and a way to the next one.
      root.replaceChildren(
        header('report'),
        h(
          'section',
          { class: 'done', role: 'status' },
          h('h2', {}, question ? w.sentQuestion(id) : w.sent(id)),
          created.serviceNotice ? h('p', { id: 'service-notice' }, created.serviceNotice) : null,
          h(
            'div',
            { class: 'row' },
            h('a', { href, class: 'button primary', id: 'follow-new' }, w.followIt),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                id: 'report-another',
                onclick: () => {
                  if (location.hash && location.hash !== '#/') location.hash = '#/';
                  else void show();
                },
              },
              w.reportAnother,
            ),
          ),
        ),
      );
    } catch (err) {
      message.textContent = err instanceof Error ? err.message : w.failed;
      message.classList.add('error');
      submit.disabled = false;
      sayKind();
    }
  }

  showPlace();
  showPhoto();
  void loadAttributes();
  lookForDuplicates();
  return [h('h2', { class: 'sr-only' }, w.report), form];
}

// ---- Following ----

async function showFollow(token: string): Promise<HTMLElement[]> {
  let followed: Followed;
  try {
    followed = await call<Followed>(`${REPORTS}/follow/${encodeURIComponent(token)}`);
  } catch (err) {
    return [h('p', { class: 'message error' }, err instanceof Error ? err.message : w.notFound)];
  }
  const r = followed.report;
  const reply = h('textarea', { id: 'reply', rows: 3, maxlength: 4000, required: true }) as HTMLTextAreaElement;
  const replyMessage = h('p', { class: 'message', role: 'status' });
  const askedBox =
    r.state === 'waiting'
      ? h(
          'section',
          { class: 'asked', 'aria-labelledby': 'asked-title' },
          h('h3', { id: 'asked-title' }, w.asked),
          followed.asked ? h('p', { class: 'asked-text' }, followed.asked) : null,
          h(
            'form',
            {
              onsubmit: (e: Event) => {
                e.preventDefault();
                const text = reply.value.trim();
                if (!text) return;
                void call(`${REPORTS}/follow/${encodeURIComponent(token)}/supplement`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ text }),
                }).then(
                  () => {
                    replyMessage.textContent = w.replySent;
                    setTimeout(() => void show(), 600);
                  },
                  (err: Error) => {
                    replyMessage.textContent = err.message;
                    replyMessage.classList.add('error');
                  },
                );
              },
            },
            h('label', { for: 'reply', class: 'label' }, w.reply),
            reply,
            h('button', { type: 'submit', class: 'primary' }, w.replySend),
            replyMessage,
          ),
        )
      : null;
  const outcome = followed.outcome ? outcomeOf(followed.outcome.report) : null;
  // A duplicate is closed: its news come from the report it joined, told by the messages of this one.
  const notify = r.state === 'duplicate' ? null : notifyBox(token);
  return [reportDetail(r, followed.events), outcome, askedBox, notify].filter((x): x is HTMLElement => x !== null);
}

/** The report a duplicate joined, as far as its reporter needs it: its state, answer and due date. */
function outcomeOf(t: PublicReport): HTMLElement {
  const answer = ['resolved', 'rejected'].includes(t.state) ? t.statusNotes : undefined;
  return h(
    'section',
    { class: 'answer outcome', 'aria-labelledby': 'outcome-title' },
    h('h3', { id: 'outcome-title' }, w.outcomeAt(t.id)),
    stateBadge(t.state, t.status),
    answer ? h('p', {}, answer) : null,
    t.expectedAt && t.status === 'open' ? h('p', { class: 'quiet' }, w.due(when(t.expectedAt))) : null,
    h('p', {}, reportLink(t.id)),
  );
}

/**
 * "Notify me": this browser subscribes with the city's VAPID key (W3C Push API) and gives its
 * subscription by the report's token; the service worker shows each update pushed.
 */
function notifyBox(token: string): HTMLElement | null {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return null;
  const status = h('p', { class: 'message', role: 'status' });
  const button = h('button', { type: 'button', id: 'notify-me' }, w.notifyMe) as HTMLButtonElement;
  button.addEventListener('click', () => {
    button.disabled = true;
    void (async () => {
      if ((await Notification.requestPermission()) !== 'granted') throw new Error(w.notifyUnavailable);
      const worker = await navigator.serviceWorker.register('/citizen/push-worker.js', { scope: '/citizen/' });
      const { publicKey } = await call<{ publicKey: string }>(`${REPORTS}/push/key`);
      const subscription =
        (await worker.pushManager.getSubscription()) ??
        (await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
      await call(`${REPORTS}/follow/${encodeURIComponent(token)}/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...subscription.toJSON(), language }),
      });
      status.textContent = w.notifyOn;
      button.hidden = true;
    })().catch((err: unknown) => {
      status.textContent = err instanceof Error && err.message ? err.message : w.notifyUnavailable;
      status.classList.add('error');
      button.disabled = false;
    });
  });
  return h('section', { class: 'notify' }, button, status);
}

/** The address and its ward, the ward once (an address written out often ends with it already). */
function placeOf(r: { address?: string; wardName?: string }): string {
  const ward = r.wardName && !r.address?.toLowerCase().includes(r.wardName.toLowerCase()) ? r.wardName : undefined;
  return [r.address, ward].filter(Boolean).join(', ');
}

const reportLink = (id: string): HTMLElement => h('a', { href: `#/report/${encodeURIComponent(id)}` }, id);

/** A duplicate's outcome is the report it joined: a link there, not its code as text. */
const mergedNote = (into: string): HTMLElement =>
  h('p', { class: 'merged-into' }, `${w.mergedInto} `, reportLink(into), '.');

function reportDetail(r: PublicReport, events: readonly ReportEvent[]): HTMLElement {
  // The officer's photos of the work done go with the answer; the reporter's with the description.
  const answered = new Set(events.filter((e) => e.kind === 'resolved').flatMap((e) => e.mediaIds ?? []));
  const shown = r.media.filter((m) => !m.hidden);
  const photos = shown.filter((m) => !answered.has(m.id));
  const answerPhotos = shown.filter((m) => answered.has(m.id));
  const answer = ['resolved', 'rejected'].includes(r.state) ? r.statusNotes : undefined;
  return h(
    'article',
    { class: 'report', 'aria-labelledby': 'report-title' },
    h(
      'h2',
      { id: 'report-title' },
      serviceName(r.serviceCode, r.serviceName),
      h('span', { class: 'quiet' }, ` · ${r.id}`),
    ),
    stateBadge(r.state, r.status),
    r.state === 'duplicate' && r.mergedInto ? mergedNote(r.mergedInto) : null,
    answer
      ? h(
          'section',
          { class: 'answer', 'aria-labelledby': 'answer-title' },
          h('h3', { id: 'answer-title' }, w.answer),
          h('p', {}, answer),
          ...answerPhotos.map((m) => photoView(m.url, w.photoOfAnswer, 'photo answer-photo')),
        )
      : null,
    r.description ? h('p', { class: 'description' }, r.description) : null,
    ...photos.map((m) => photoView(m.url, w.photoOf, 'photo')),
    h(
      'dl',
      {},
      r.agencyResponsible ? h('dt', {}, w.agency) : null,
      r.agencyResponsible ? h('dd', {}, r.agencyNames?.[language] ?? r.agencyResponsible) : null,
      r.address || r.wardName ? h('dt', {}, w.place) : null,
      r.address || r.wardName ? h('dd', {}, placeOf(r)) : null,
    ),
    r.expectedAt && r.status === 'open' ? h('p', { class: 'quiet' }, w.due(when(r.expectedAt))) : null,
    events.length > 0 ? h('h3', {}, w.timeline) : null,
    events.length > 0
      ? h(
          'ol',
          { class: 'timeline' },
          ...events.map((e) =>
            h(
              'li',
              { class: `event event-${e.kind}` },
              h('time', { datetime: e.at }, when(e.at)),
              h('strong', {}, w.event[e.kind] ?? e.kind),
              e.kind === 'merged' && e.text ? h('p', {}, reportLink(e.text)) : e.text ? h('p', {}, e.text) : null,
            ),
          ),
        )
      : null,
  );
}

async function showRequest(id: string): Promise<HTMLElement[]> {
  let found: Open311Request[];
  try {
    found = await call<Open311Request[]>(
      `${OPEN311}/requests/${encodeURIComponent(id)}.json?extensions=true&locale=${language}`,
    );
  } catch (err) {
    return [h('p', { class: 'message error' }, err instanceof Error ? err.message : w.notFound)];
  }
  const r = found[0];
  if (!r) return [h('p', { class: 'message error' }, w.notFound)];
  const followed = mine().some((m) => m.id === id);
  // Every public photo is in media_urls; those of the answer are the resolved update's (FIXED).
  const all = r.extended_attributes?.media_urls ?? (r.media_url ? [r.media_url] : []);
  const updates = await getJson<Open311Update[]>(
    `${OPEN311}/servicerequestupdates.json?service_request_id=${encodeURIComponent(id)}`,
  );
  const answered = new Set((updates ?? []).filter((u) => u.status === 'FIXED').flatMap((u) => u.media_urls ?? []));
  const answerPhotos = all.filter((url) => answered.has(url));
  const photos = all.filter((url) => !answered.has(url));
  return [
    h(
      'article',
      { class: 'report', 'aria-labelledby': 'report-title' },
      h(
        'h2',
        { id: 'report-title' },
        serviceName(r.service_code, r.service_name),
        h('span', { class: 'quiet' }, ` · ${r.service_request_id}`),
      ),
      stateBadge(stateOf(r), r.status),
      r.extended_attributes?.merged_into ? mergedNote(r.extended_attributes.merged_into) : null,
      r.status === 'closed' && !r.extended_attributes?.merged_into && (r.status_notes || answerPhotos.length > 0)
        ? h(
            'section',
            { class: 'answer' },
            h('h3', {}, w.answer),
            r.status_notes ? h('p', {}, r.status_notes) : null,
            ...answerPhotos.map((url) => photoView(url, w.photoOfAnswer, 'photo answer-photo')),
          )
        : null,
      r.description ? h('p', { class: 'description' }, r.description) : null,
      ...photos.map((url) => photoView(url, w.photoOf, 'photo')),
      h(
        'dl',
        {},
        r.agency_responsible ? h('dt', {}, w.agency) : null,
        r.agency_responsible ? h('dd', {}, r.agency_responsible) : null,
        r.address ? h('dt', {}, w.place) : null,
        r.address ? h('dd', {}, r.address) : null,
      ),
      r.expected_datetime && r.status === 'open' ? h('p', { class: 'quiet' }, w.due(when(r.expected_datetime))) : null,
      followed
        ? h('p', { class: 'quiet' }, `✓ ${w.following}`)
        : h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                remember({ id, at: new Date().toISOString() });
                void show();
              },
            },
            w.mineToo,
          ),
    ),
  ];
}

async function showMine(): Promise<HTMLElement[]> {
  const list = mine();
  if (list.length === 0) return [h('h2', {}, w.mine), h('p', { class: 'quiet' }, w.noMine)];
  // Each one as it is now: by its token (the full timeline) or, for one followed, as the public sees it.
  const cards = await Promise.all(
    list.map(async (m) => {
      const remove = h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () => {
            forget(m.id);
            void show();
          },
        },
        w.forget,
      );
      if (m.token) {
        const f = await getJson<Followed>(`${REPORTS}/follow/${encodeURIComponent(m.token)}`);
        if (!f) return h('li', { class: 'card' }, h('span', { class: 'quiet' }, `${m.id} · ${w.failed}`), remove);
        return reportCard({
          href: `#/report/${encodeURIComponent(m.id)}`,
          id: f.report.id,
          service: `${serviceName(f.report.serviceCode, f.report.serviceName)} · ${w.reported}`,
          state: f.report.state,
          status: f.report.status,
          description: f.report.description,
          at: f.report.requestedAt,
          photos: f.report.media.filter((x) => !x.hidden).map((x) => x.url),
          extra: remove,
        });
      }
      const r = (
        await getJson<Open311Request[]>(
          `${OPEN311}/requests/${encodeURIComponent(m.id)}.json?extensions=true&locale=${language}`,
        )
      )?.[0];
      if (!r) return h('li', { class: 'card' }, h('span', { class: 'quiet' }, `${m.id} · ${w.failed}`), remove);
      return requestCard(
        { ...r, service_code: null, service_name: `${serviceName(r.service_code, r.service_name)} · ${w.followed}` },
        remove,
      );
    }),
  );
  return [h('h2', {}, w.mine), h('ul', { class: 'cards', id: 'mine' }, ...cards)];
}

// ---- Near me ----

let nearAt: LonLat | undefined;

async function showNear(): Promise<HTMLElement[]> {
  const list = h('div', { id: 'near-results', 'aria-live': 'polite' });
  const status = h('p', { class: 'quiet' });
  const map = new LightMap({
    center: nearAt ?? draft.center,
    zoom: 15,
    label: w.mapLabel,
    pin: true,
    zoomIn: w.zoomIn,
    zoomOut: w.zoomOut,
  });
  const load = async (at: LonLat) => {
    nearAt = at;
    const found = await getJson<Open311Request[]>(
      `${OPEN311}/requests.json?lat=${at[1].toFixed(6)}&long=${at[0].toFixed(6)}&radius=${NEAR_METRES}&extensions=true&locale=${language}`,
    );
    if (!found) return list.replaceChildren(h('p', {}, w.failed));
    map.setMarkers(
      found.flatMap((r) => {
        const lat = Number(r.lat);
        const lon = Number(r.long);
        if (r.lat === null || r.lat === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) return [];
        return [
          {
            at: [lon, lat] as const,
            label: `${serviceName(r.service_code, r.service_name)} · ${stateOf(r) ? w.status[stateOf(r) as State] : r.status === 'open' ? w.open : w.closed}`,
            kind: `state-${stateOf(r) ?? r.status}`,
            onSelect: () => (location.hash = `#/report/${encodeURIComponent(r.service_request_id)}`),
          },
        ];
      }),
    );
    list.replaceChildren(
      found.length === 0
        ? h('p', { class: 'quiet' }, w.nearNone)
        : h('ul', { class: 'cards' }, ...found.map((r) => requestCard(r))),
    );
  };
  const here = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      onclick: () =>
        locate(
          (at) => {
            map.setCenter(at, 16);
            void load(at);
          },
          (text) => (status.textContent = text),
        ),
    },
    `◎ ${w.useLocation}`,
  );
  const around = h('button', { type: 'button', class: 'secondary', onclick: () => void load(map.center) }, w.nearHere);
  requestAnimationFrame(() => map.draw());
  void load(map.center);
  return [
    h('h2', {}, w.near),
    h('p', { class: 'quiet' }, w.nearHint),
    h('div', { class: 'row' }, here, around),
    status,
    map.element,
    list,
  ];
}

// ---- The page ----

type Tab = 'report' | 'mine' | 'near';

function header(tab: Tab | null): HTMLElement {
  const link = (t: Tab, href: string, text: string) =>
    h('a', { href, class: 'tab', 'aria-current': tab === t ? 'page' : undefined }, text);
  return h(
    'header',
    {},
    h(
      'div',
      { class: 'bar' },
      h('h1', {}, w.title),
      h(
        'button',
        {
          type: 'button',
          class: 'language',
          lang: language === 'vi' ? 'en' : 'vi',
          'aria-label': w.switchLabel,
          onclick: () => {
            language = language === 'vi' ? 'en' : 'vi';
            localStorage.setItem(LANGUAGE_KEY, language);
            void show();
          },
        },
        w.switchTo,
      ),
    ),
    h(
      'nav',
      { 'aria-label': w.sections },
      link('report', '#/', w.report),
      link('mine', '#/mine', w.mine),
      link('near', '#/near', w.near),
    ),
  );
}

async function show(): Promise<void> {
  w = WORDS[language];
  document.documentElement.lang = language;
  document.title = `${w.title} · Thăng Long`;
  const [, kind, id] = /^#\/(mine|near|report)(?:\/(.+))?$/.exec(location.hash) ?? [];
  const tab: Tab | null = kind === 'mine' ? 'mine' : kind === 'near' ? 'near' : kind ? null : 'report';
  serviceNames = new Map((await servicesList()).map((s) => [s.service_code, s.service_name]));
  // A report of this phone's is followed by its token (kept here, never in the address); any other
  // as the public sees it.
  const token = id ? mine().find((m) => m.id === decodeURIComponent(id))?.token : undefined;
  const content =
    kind === 'report' && id
      ? token
        ? await showFollow(token)
        : await showRequest(decodeURIComponent(id))
      : kind === 'mine'
        ? await showMine()
        : kind === 'near'
          ? await showNear()
          : await showReport();
  const back = tab === null ? h('a', { href: '#/mine', class: 'back' }, `← ${w.back}`) : null;
  root.replaceChildren(header(tab), ...(back ? [back] : []), ...content);
}

/**
 * A reporter's link from a message (/citizen/#follow=<token>): the report is theirs, kept in "My
 * reports" and opened; the token leaves the address bar (and the history) at once.
 */
async function takeFollowLink(): Promise<void> {
  const linked = /^#follow=([^&]+)$/.exec(location.hash)?.[1];
  if (!linked) return;
  const token = decodeURIComponent(linked);
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  const followed = await getJson<Followed>(`${REPORTS}/follow/${encodeURIComponent(token)}`);
  if (followed) {
    remember({ id: followed.report.id, token, at: followed.report.requestedAt });
    history.replaceState(null, '', `#/report/${encodeURIComponent(followed.report.id)}`);
  } else {
    history.replaceState(null, '', '#/mine');
  }
}

async function start(): Promise<void> {
  await takeFollowLink();
  // A link opened while the page is open changes only the fragment: it is taken as on a fresh load.
  window.addEventListener('hashchange', () => void takeFollowLink().then(show));
  await show();
}
void start();
