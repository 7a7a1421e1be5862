/**
 * The Thang Long API as the web app sees it: made from the server's OpenAPI document by
 * `npm run web:api-types` (scripts/web/api-types.ts). Do not edit by hand; `npm run check` fails
 * when it differs from what the server's routes make.
 */

export interface paths {
  '/api/v1/alarms': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Alarms, most severe and newest first */
    get: {
      parameters: {
        query?: {
          /** @description the ward or area, as the alarm names it */
          area?: string;
          limit?: number;
          offset?: number;
          /** @description comma list: critical, high, medium, low */
          severity?: string;
          /** @description true: shelved ones only; false: none of them */
          shelved?: boolean;
          /** @description raised at or after */
          since?: string;
          /** @description priority (default): active first, then cleared-unacknowledged, then closed; each by severity and newest */
          sort?: 'priority' | 'newest' | 'oldest';
          /** @description the entity in alarm */
          source?: string;
          /** @description open (default), active, closed, all, or a comma list of states */
          state?: string;
          /** @description comma list of condition families: air, water, noise, manual… */
          type?: string;
          /** @description raised before */
          until?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              alarms: {
                acknowledgedAt: string | null;
                acknowledgedBy: string | null;
                area: string | null;
                assignee: string | null;
                clearedAt: string | null;
                /** @description What is wrong with it; "manual:…" for operators’ own */
                condition: string;
                description: string | null;
                escalatedAt: string | null;
                id: string;
                location: {
                  coordinates: [number, number];
                  /** @enum {string} */
                  type: 'Point';
                } | null;
                params: {
                  [key: string]: string | number;
                } | null;
                /**
                 * Format: date-time
                 * @description When its condition began (a reading's time)
                 */
                raisedAt: string;
                raisedBy: string | null;
                /**
                 * Format: date-time
                 * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
                 */
                receivedAt: string;
                /**
                 * @description critical, high, medium or low
                 * @enum {unknown}
                 */
                severity: 'critical' | 'high' | 'medium' | 'low';
                shelvedBy: string | null;
                shelvedUntil: string | null;
                shelveReason: string | null;
                /** @description What is in alarm: an entity id or another stable name */
                source: string;
                /**
                 * @description ISA-18.2 state
                 * @enum {unknown}
                 */
                state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
                tenant: string;
                threshold: number | null;
                title: string;
                unit: string | null;
                /** Format: date-time */
                updatedAt: string;
                value: number | null;
              }[];
              /** @description Alarms matching the filter, over every page */
              count: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Raise an operator's alarm (conditions raise theirs by themselves) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            area?: string;
            description?: string;
            location?: {
              coordinates: [number, number];
              /** @enum {string} */
              type: 'Point';
            };
            severity: 'critical' | 'high' | 'medium' | 'low';
            /** @description what the alarm is about */
            source: string;
            title: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One alarm with its journal */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              /** @description What happened to the alarm, oldest first */
              journal?: {
                actor: string | null;
                /**
                 * Format: date-time
                 * @description When it happened: for what the condition did, the condition's time
                 */
                at: string;
                data: {
                  [key: string]: unknown;
                } | null;
                /** @enum {unknown} */
                kind:
                  | 'raised'
                  | 'severity'
                  | 'reactivated'
                  | 'acknowledged'
                  | 'assigned'
                  | 'comment'
                  | 'cleared'
                  | 'shelved'
                  | 'unshelved'
                  | 'escalated';
                text: string | null;
              }[];
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/{id}/acknowledge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Acknowledge (idempotent) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/{id}/assign': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Assign to a user (null: nobody) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            assignee: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/{id}/clear': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Clear an operator's alarm */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/{id}/comments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a comment to the journal */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/{id}/shelve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Shelve (ISA-18.2): off the active list for a while, with a reason */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description 5 to 720: it comes back by itself then, or when its severity changes */
            minutes: number;
            /** @description 1 to 500 characters */
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/{id}/unshelve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Back on the active list now (idempotent) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              area: string | null;
              assignee: string | null;
              clearedAt: string | null;
              /** @description What is wrong with it; "manual:…" for operators’ own */
              condition: string;
              description: string | null;
              escalatedAt: string | null;
              id: string;
              location: {
                coordinates: [number, number];
                /** @enum {string} */
                type: 'Point';
              } | null;
              params: {
                [key: string]: string | number;
              } | null;
              /**
               * Format: date-time
               * @description When its condition began (a reading's time)
               */
              raisedAt: string;
              raisedBy: string | null;
              /**
               * Format: date-time
               * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
               */
              receivedAt: string;
              /**
               * @description critical, high, medium or low
               * @enum {unknown}
               */
              severity: 'critical' | 'high' | 'medium' | 'low';
              shelvedBy: string | null;
              shelvedUntil: string | null;
              shelveReason: string | null;
              /** @description What is in alarm: an entity id or another stable name */
              source: string;
              /**
               * @description ISA-18.2 state
               * @enum {unknown}
               */
              state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
              tenant: string;
              threshold: number | null;
              title: string;
              unit: string | null;
              /** Format: date-time */
              updatedAt: string;
              value: number | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/acknowledge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Acknowledge several alarms; each is done or refused on its own, and reported */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            ids: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description How many were done */
              acknowledged: number;
              failed: number;
              /** @description One per alarm asked, in the order asked */
              results: {
                alarm?: {
                  acknowledgedAt: string | null;
                  acknowledgedBy: string | null;
                  area: string | null;
                  assignee: string | null;
                  clearedAt: string | null;
                  /** @description What is wrong with it; "manual:…" for operators’ own */
                  condition: string;
                  description: string | null;
                  escalatedAt: string | null;
                  id: string;
                  location: {
                    coordinates: [number, number];
                    /** @enum {string} */
                    type: 'Point';
                  } | null;
                  params: {
                    [key: string]: string | number;
                  } | null;
                  /**
                   * Format: date-time
                   * @description When its condition began (a reading's time)
                   */
                  raisedAt: string;
                  raisedBy: string | null;
                  /**
                   * Format: date-time
                   * @description When the alarm reached the city (later than raisedAt for a backfilled reading)
                   */
                  receivedAt: string;
                  /**
                   * @description critical, high, medium or low
                   * @enum {unknown}
                   */
                  severity: 'critical' | 'high' | 'medium' | 'low';
                  shelvedBy: string | null;
                  shelvedUntil: string | null;
                  shelveReason: string | null;
                  /** @description What is in alarm: an entity id or another stable name */
                  source: string;
                  /**
                   * @description ISA-18.2 state
                   * @enum {unknown}
                   */
                  state: 'active-unacknowledged' | 'active-acknowledged' | 'cleared-unacknowledged' | 'cleared';
                  tenant: string;
                  threshold: number | null;
                  title: string;
                  unit: string | null;
                  /** Format: date-time */
                  updatedAt: string;
                  value: number | null;
                };
                /** @description The error code, when not done */
                code?: string;
                detail?: string;
                id: string;
                ok: boolean;
                /** @description The HTTP status this alarm alone would have had */
                status?: number;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/assignees': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the tenant's alarms can be assigned to: active accounts that may act on alarms */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              users: {
                roles: string[];
                username: string;
              }[];
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/alarms/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Open alarms by severity, and how many await acknowledgement */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description In alarm now, not shelved */
              active: number;
              /** @description Active alarms (not shelved) by severity */
              activeBySeverity: {
                critical: number;
                high: number;
                low: number;
                medium: number;
              };
              /** @description Open alarms by severity */
              bySeverity: {
                critical: number;
                high: number;
                low: number;
                medium: number;
              };
              /** @description Not both cleared and acknowledged */
              open: number;
              /** @description Open and shelved */
              shelved: number;
              /** @description Returned to normal, not yet acknowledged, not shelved */
              toAcknowledge: number;
              unacknowledged: number;
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `alarms:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List API keys (without their secrets) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                createdAt: string;
                expiresAt: string | null;
                /** @description UUID */
                id: string;
                lastUsedAt: string | null;
                name: string;
                /** @description Public part of the key, to recognise it in lists */
                prefix: string;
                revokedAt: string | null;
                roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
                /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
                tenant: string;
              }[];
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create an API key for a machine */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** Format: date-time */
            expiresAt?: string;
            name: string;
            roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
            /** @description Required: a tenant name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant (administrators only) */
            tenant?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiKey: {
                /** Format: date-time */
                createdAt: string;
                expiresAt: string | null;
                /** @description UUID */
                id: string;
                lastUsedAt: string | null;
                name: string;
                /** @description Public part of the key, to recognise it in lists */
                prefix: string;
                revokedAt: string | null;
                roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
                /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
                tenant: string;
              };
              /** @description The secret key: shown once, send it as "Authorization: Bearer <key>" */
              key: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One API key (without its secret) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description UUID */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              /** @description UUID */
              id: string;
              lastUsedAt: string | null;
              name: string;
              /** @description Public part of the key, to recognise it in lists */
              prefix: string;
              revokedAt: string | null;
              roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
              /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
              tenant: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Revoke an API key */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description UUID */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit records, newest first (page on with `before`, the link in `next`) */
    get: {
      parameters: {
        query: {
          action?: string;
          /** @description Username, key name or id */
          actor?: string;
          /** @description Records older than this id */
          before?: number;
          /** @description From this time (inclusive) */
          from?: string;
          limit: number;
          target?: string;
          /** @description Before this time */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** @description 'METHOD /route' for HTTP writes; '<area>.<verb>' for recorded events */
                action: string;
                actor: {
                  id: string | null;
                  /** @description user, api-key, anonymous, system, or device (a device whose credentials were refused) */
                  kind: string;
                  name: string | null;
                  roles: string[];
                };
                /** Format: date-time */
                at: string;
                detail: {
                  [key: string]: unknown;
                } | null;
                /** @description SHA-256 of prevHash and this record’s canonical content */
                hash: string;
                id: number;
                outcome: number | null;
                prevHash: string;
                requestId: string | null;
                target: string | null;
                tenant: string;
              }[];
              next: string | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `audit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit records as JSON lines, oldest first, with their hashes (to keep or check elsewhere) */
    get: {
      parameters: {
        query?: {
          action?: string;
          /** @description Username, key name or id */
          actor?: string;
          /** @description From this time (inclusive) */
          from?: string;
          target?: string;
          /** @description Before this time */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One audit record (JSON) a line, oldest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/x-ndjson': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `audit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Check the hash chain from its anchor to its head; name the first broken record */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              anchor: {
                hash: string;
                id: number;
              };
              broken: {
                reason: string;
                recordId: number;
              } | null;
              firstId: number | null;
              headHash: string;
              intact: boolean;
              lastId: number;
              records: number;
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `audit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Log in with a username and password */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            password: string;
            username: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              expiresAt: string;
              /** @description The password must be changed (PUT /api/v1/auth/password) before anything else */
              passwordChangeRequired: boolean;
              /** @description Send as "Authorization: Bearer <token>" */
              token: string;
              /** @enum {string} */
              tokenType: 'Bearer';
              user: {
                /** Format: date-time */
                createdAt: string;
                disabled: boolean;
                /** @description Name shown in the operations centre (personal data: masked without pii:read) */
                displayName: string;
                email: string | null;
                /** @description UUID */
                id: string;
                lastLoginAt: string | null;
                /** @description Locked after failed logins until then */
                lockedUntil: string | null;
                /** @description Must choose a new password before anything else */
                mustChangePassword: boolean;
                phone: string | null;
                roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
                /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
                tenant: string;
                /** Format: date-time */
                updatedAt: string;
                username: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the current session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the tenant is not the caller's. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the caller is */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description UUID */
              id: string;
              kind: 'user' | 'api-key';
              name: string;
              passwordChangeRequired?: boolean;
              roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
              /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
              tenant: string;
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the tenant is not the caller's. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/oidc/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the identity provider sends the browser back; leads to the web app with a one-time code */
    get: {
      parameters: {
        query?: {
          state?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description To the web app, with the one-time code (#sso=) or, for a browser, the error (#sso-error=) */
        303: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/oidc/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Log in with the city account: redirects to the city's identity provider */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description To the city's identity provider */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/oidc/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Redeem the one-time code of a city-account login for a session (once, within a minute) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            code: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              expiresAt: string;
              /** @description The password must be changed (PUT /api/v1/auth/password) before anything else */
              passwordChangeRequired: boolean;
              /** @description Send as "Authorization: Bearer <token>" */
              token: string;
              /** @enum {string} */
              tokenType: 'Bearer';
              user: {
                /** Format: date-time */
                createdAt: string;
                disabled: boolean;
                /** @description Name shown in the operations centre (personal data: masked without pii:read) */
                displayName: string;
                email: string | null;
                /** @description UUID */
                id: string;
                lastLoginAt: string | null;
                /** @description Locked after failed logins until then */
                lockedUntil: string | null;
                /** @description Must choose a new password before anything else */
                mustChangePassword: boolean;
                phone: string | null;
                roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
                /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
                tenant: string;
                /** Format: date-time */
                updatedAt: string;
                username: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change your own password (ends your sessions) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            currentPassword: string;
            newPassword: string;
          };
        };
      };
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the tenant is not the caller's. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/city/basemap': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Offline basemap of Hanoi for the operations-centre map (GeoJSON, one layer per feature)
     * @description One GeoJSON FeatureCollection (application/geo+json) with `properties.layer` on every feature: `boundary` (the city), `ward` (the 126 ward and commune outlines) and `ward-label` (their label points), `water` (lakes and the Red River, ≥ 1 ha) with `water-label` points, `waterway` (river, canal and stream centrelines), `road` (motorway to tertiary, the whole city), `place` (hospitals, police and fire stations, the 115 centre; `category` says which). The map itself loads the vector tiles below, which add the streets. Foreign members: `attribution` and the city `bbox`. Gzipped when the client accepts it; revalidate with If-None-Match.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The basemap, one GeoJSON FeatureCollection */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/geo+json': string;
          };
        };
        /** @description Not modified: the ETag given in If-None-Match is current */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/city/basemap/tiles/{z}/{x}/{y}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Offline basemap of Hanoi as vector tiles, by zoom
     * @description One Mapbox Vector Tile (2.1) of the basemap, cut on the server from the city facts, with one tile layer per basemap layer (`boundary`, `ward`, `ward-label`, `water`, `waterway`, `water-label`, `road`, `bus-route`, `place`), simplified for its zoom. Zoom bands: to 11 the wards, motorway to secondary roads, rivers and lakes; from 12 the tertiary roads, smaller water and places (hospitals, police, fire, the 115 centre); from 13 the minor streets, every pond and the bus routes. 204 for a tile with nothing in it. Gzipped when the client accepts it.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          x: number;
          y: number;
          /** @description Zoom (the map overzooms past 14) */
          z: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The tile */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/vnd.mapbox-vector-tile': string;
          };
        };
        /** @description Nothing of the basemap in this tile */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not modified: the ETag given in If-None-Match is current */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/city/roads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The roads of a box as simplified lines, for a small map drawn without tiles
     * @description The parts of the basemap's roads within `bbox`, each line simplified to about half a pixel of a 360 px wide map and rounded to 5 decimals (about a metre). The main roads (motorway to secondary) always; tertiary roads in a box at most 15 km across; streets (`minor`, `service`) in one at most 3 km across; and at most 6000 points in all: a class that would pass it is left out with those below (`classes` says which are drawn). The box is widened outward to a grid (a power-of-two fraction of a degree, about a sixteenth of its size) so that nearby boxes share one answer; `bbox` is the box drawn. An address may ask for 60 boxes a minute that are not kept already (429 `CITY_ROADS_RATE_LIMITED` with Retry-After past that). Gzipped when the client accepts it.
     */
    get: {
      parameters: {
        query: {
          /** @description west,south,east,north (WGS 84), at most 1.5° each way */
          bbox: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              attribution: string;
              bbox: number[];
              /** @description the road classes drawn, most important first */
              classes: string[];
              roads: {
                class: string;
                /** @description [lon, lat] in order */
                line: number[][];
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/city/transit/trips/{trip}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A bus trip in words: its route, direction, departure and stops; with a bus's position, its next stop
     * @description A trip is `<directionId>-<hhmm>` as buses report it in `tripId` (e.g. `01_1-0815`: route 01, direction 01_1, leaving its first stop at 08:15 Hanoi time). The stops are the direction's, in order (at most a hundred or so: the network's longest direction has 79). With `lon` and `lat` (and the bus's `heading`, degrees from north, to tell apart a route coming back along the same street), `position` says which stop the bus stands at or comes to next. City facts, the same for every tenant: no login needed.
     */
    get: {
      parameters: {
        query?: {
          heading?: number;
          lat?: number;
          lon?: number;
        };
        header?: never;
        path: {
          trip: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description scheduled departure from the first stop, HH:MM Hanoi time */
              departure: string;
              direction: {
                /** @description where the trip goes: its last stop */
                headsign: string;
                id: string;
              };
              /** @description null without lon and lat */
              position: {
                atStop: number | null;
                metresToNext: number | null;
                nextStop: number | null;
                /** @description metres from the line of stops */
                offRouteMetres: number;
              } | null;
              route: {
                id: string;
                longName: string;
                shortName: string;
              };
              stops: {
                id: string;
                /** @description [lon, lat] */
                location: number[];
                /** @description the nearest named bus stop (OpenStreetMap), else a placeholder */
                name: string;
              }[];
              trip: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/context/history-retention': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How long history is kept in this tenant */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Set how long history is kept (tenant or entity type) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description ISO 8601 duration such as P90D; null keeps history forever */
            keep: string | null;
            /** @description Entity type (short name or IRI); absent: the whole tenant */
            type?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    /** Remove a retention rule (type: one entity type; absent: the tenant rule) */
    delete: {
      parameters: {
        query?: {
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Logs a call: a new incident, or joining an open one (linkTo) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Geocoded through the places when no location is given */
            address?: string;
            /**
             * Format: date-time
             * @description When the call was answered (default: now)
             */
            answeredAt?: string;
            /** @description Personal: sealed at rest */
            callerName?: string;
            language?: string;
            /** @description An open incident this call joins */
            linkTo?: string;
            /** @description [lon, lat], WGS 84 */
            location?: [number, number];
            /** @description Personal: sealed at rest */
            phone?: string;
            /** @description 1 is the most urgent */
            priority?: 1 | 2 | 3 | 4;
            text?: string;
            typeCode: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              call: {
                address?: string;
                /** Format: date-time */
                answeredAt: string;
                /** @description Personal, as phone */
                callerName?: string;
                id: string;
                incidentId: string;
                language: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** Format: date-time */
                loggedAt: string;
                /** @description Personal: in clear with pii:read (the read is audited), masked otherwise */
                phone: string;
                text: string;
              };
              duplicates: {
                distanceM: number;
                incident: {
                  address?: string;
                  agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                  /** Format: date-time */
                  closedAt?: string;
                  /** Format: date-time */
                  createdAt: string;
                  /** @enum {unknown} */
                  disposition?:
                    | 'resolved'
                    | 'transported'
                    | 'treated_no_transport'
                    | 'report_taken'
                    | 'arrest'
                    | 'false_alarm'
                    | 'unfounded'
                    | 'gone_on_arrival'
                    | 'cancelled'
                    | 'transferred'
                    | 'duplicate';
                  /**
                   * Format: date-time
                   * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                   */
                  escalatedAt?: string;
                  /** @enum {unknown} */
                  group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                  id: string;
                  /** @description [lon, lat], WGS 84 */
                  location: [number, number];
                  /** @description Human number, e.g. 2026-000123 */
                  number: string;
                  /** @description 1 is the most urgent */
                  priority: 1 | 2 | 3 | 4;
                  /** @enum {unknown} */
                  status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                  street?: string;
                  /** @enum {unknown} */
                  transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                  typeCode: string;
                  ward?: string;
                };
                minutesAgo: number;
              }[];
              incident: {
                address?: string;
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                /** Format: date-time */
                closedAt?: string;
                /** Format: date-time */
                createdAt: string;
                /** @enum {unknown} */
                disposition?:
                  | 'resolved'
                  | 'transported'
                  | 'treated_no_transport'
                  | 'report_taken'
                  | 'arrest'
                  | 'false_alarm'
                  | 'unfounded'
                  | 'gone_on_arrival'
                  | 'cancelled'
                  | 'transferred'
                  | 'duplicate';
                /**
                 * Format: date-time
                 * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                 */
                escalatedAt?: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** @description Human number, e.g. 2026-000123 */
                number: string;
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                /** @enum {unknown} */
                status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                street?: string;
                /** @enum {unknown} */
                transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                typeCode: string;
                ward?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/duplicates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Open incidents of a compatible type near a point, created recently: proposed for linking */
    get: {
      parameters: {
        query: {
          lat: number;
          lon: number;
          type: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              incidents: {
                distanceM: number;
                incident: {
                  address?: string;
                  agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                  /** Format: date-time */
                  closedAt?: string;
                  /** Format: date-time */
                  createdAt: string;
                  /** @enum {unknown} */
                  disposition?:
                    | 'resolved'
                    | 'transported'
                    | 'treated_no_transport'
                    | 'report_taken'
                    | 'arrest'
                    | 'false_alarm'
                    | 'unfounded'
                    | 'gone_on_arrival'
                    | 'cancelled'
                    | 'transferred'
                    | 'duplicate';
                  /**
                   * Format: date-time
                   * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                   */
                  escalatedAt?: string;
                  /** @enum {unknown} */
                  group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                  id: string;
                  /** @description [lon, lat], WGS 84 */
                  location: [number, number];
                  /** @description Human number, e.g. 2026-000123 */
                  number: string;
                  /** @description 1 is the most urgent */
                  priority: 1 | 2 | 3 | 4;
                  /** @enum {unknown} */
                  status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                  street?: string;
                  /** @enum {unknown} */
                  transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                  typeCode: string;
                  ward?: string;
                };
                minutesAgo: number;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/hospitals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Hospitals for a patient at a point: those that treat the care its incident type needs first, by travel time; specialist-only ones last, not suitable; those without a free bed under full */
    get: {
      parameters: {
        query: {
          lat: number;
          lon: number;
          /** @description Incident type code: ranks by the care it needs */
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /**
               * @description The care the hospitals are ranked for
               * @enum {unknown}
               */
              care?: 'emergency' | 'cardiac' | 'trauma' | 'burns' | 'paediatric' | 'obstetric' | 'stroke';
              /** @description Hospitals whose entity says no bed is free */
              full: {
                bedsFree?: number;
                /** @description Of emergency, general, cardiac, trauma, burns, paediatric, obstetric, stroke, eye, dental, dermatology, traditional, psychiatric, oncology, respiratory, ent, endocrine, renal, infectious, haematology, geriatric, rehabilitation: emergency = takes emergencies, general = general hospital */
                capabilities?: string[];
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                name: string;
              }[];
              /** @description Those that can treat the care first, each group by travel time */
              hospitals: {
                hospital: {
                  bedsFree?: number;
                  /** @description Of emergency, general, cardiac, trauma, burns, paediatric, obstetric, stroke, eye, dental, dermatology, traditional, psychiatric, oncology, respiratory, ent, endocrine, renal, infectious, haematology, geriatric, rehabilitation: emergency = takes emergencies, general = general hospital */
                  capabilities?: string[];
                  id: string;
                  /** @description [lon, lat], WGS 84 */
                  location: [number, number];
                  name: string;
                };
                lengthM: number;
                /** @description Where it stands: tells apart campuses of one name */
                place?: {
                  street?: string;
                  ward?: string;
                };
                seconds: number;
                /** @description False for a hospital that cannot treat it (a specialist one): listed last */
                suitable: boolean;
                why: {
                  en: string;
                  vi: string;
                };
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/hospitals/{id}/beds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Sets a hospital's free beds as the centre heard them (0 = full: listed apart, not suggested first); the hospital's own system sends the same as a device through ingestion */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            bedsFree: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bedsFree?: number;
              /** @description Of emergency, general, cardiac, trauma, burns, paediatric, obstetric, stroke, eye, dental, dermatology, traditional, psychiatric, oncology, respiratory, ent, endocrine, renal, infectious, haematology, geriatric, rehabilitation: emergency = takes emergencies, general = general hospital */
              capabilities?: string[];
              id: string;
              /** @description [lon, lat], WGS 84 */
              location: [number, number];
              name: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/hospitals/{id}/capabilities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Sets a hospital's capabilities (takes emergencies, general, its care); kept over the roster's */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            capabilities: (
              | 'emergency'
              | 'general'
              | 'cardiac'
              | 'trauma'
              | 'burns'
              | 'paediatric'
              | 'obstetric'
              | 'stroke'
              | 'eye'
              | 'dental'
              | 'dermatology'
              | 'traditional'
              | 'psychiatric'
              | 'oncology'
              | 'respiratory'
              | 'ent'
              | 'endocrine'
              | 'renal'
              | 'infectious'
              | 'haematology'
              | 'geriatric'
              | 'rehabilitation'
            )[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bedsFree?: number;
              /** @description Of emergency, general, cardiac, trauma, burns, paediatric, obstetric, stroke, eye, dental, dermatology, traditional, psychiatric, oncology, respiratory, ent, endocrine, renal, infectious, haematology, geriatric, rehabilitation: emergency = takes emergencies, general = general hospital */
              capabilities?: string[];
              id: string;
              /** @description [lon, lat], WGS 84 */
              location: [number, number];
              name: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incident-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The common list of incident types, with run cards and procedures */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              types: {
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                /**
                 * @description The care its patient needs at hospital
                 * @enum {unknown}
                 */
                care?: 'emergency' | 'cardiac' | 'trauma' | 'burns' | 'paediatric' | 'obstetric' | 'stroke';
                /** @description APCO ANS 2.103-style code */
                code: string;
                /** @description The APCO ANS 2.103 common code it is exchanged under (EIDO) */
                commonCode: string;
                /** @description Calls of these types nearby are proposed as the same incident */
                compatible: string[];
                en: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                /** @description Other words callers use for it, searched with its names */
                keywords: string[];
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                runCard: {
                  anyOf: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
                  count: number;
                }[];
                sop: {
                  en: string;
                  id: string;
                  /** @enum {unknown} */
                  kind: 'question' | 'action' | 'inform';
                  vi: string;
                }[];
                vi: string;
              }[];
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Incidents; open ones most urgent first, then oldest */
    get: {
      parameters: {
        query?: {
          limit?: number;
          status?: 'open' | 'closed' | 'all';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              incidents: {
                address?: string;
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                ageSeconds: number;
                callCount: number;
                /** Format: date-time */
                closedAt?: string;
                /** Format: date-time */
                createdAt: string;
                /** @enum {unknown} */
                disposition?:
                  | 'resolved'
                  | 'transported'
                  | 'treated_no_transport'
                  | 'report_taken'
                  | 'arrest'
                  | 'false_alarm'
                  | 'unfounded'
                  | 'gone_on_arrival'
                  | 'cancelled'
                  | 'transferred'
                  | 'duplicate';
                /**
                 * Format: date-time
                 * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                 */
                escalatedAt?: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** @description Human number, e.g. 2026-000123 */
                number: string;
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                /** @enum {unknown} */
                status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                street?: string;
                /** @enum {unknown} */
                transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                typeCode: string;
                /** @description Units committed to it now */
                unitIds: string[];
                ward?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One incident with its calls, units, responses, timeline and procedure */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              calls: {
                address?: string;
                /** Format: date-time */
                answeredAt: string;
                /** @description Personal, as phone */
                callerName?: string;
                id: string;
                incidentId: string;
                language: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** Format: date-time */
                loggedAt: string;
                /** @description Personal: in clear with pii:read (the read is audited), masked otherwise */
                phone: string;
                text: string;
              }[];
              incident: {
                address?: string;
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                /** Format: date-time */
                closedAt?: string;
                /** Format: date-time */
                createdAt: string;
                /** @enum {unknown} */
                disposition?:
                  | 'resolved'
                  | 'transported'
                  | 'treated_no_transport'
                  | 'report_taken'
                  | 'arrest'
                  | 'false_alarm'
                  | 'unfounded'
                  | 'gone_on_arrival'
                  | 'cancelled'
                  | 'transferred'
                  | 'duplicate';
                /**
                 * Format: date-time
                 * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                 */
                escalatedAt?: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** @description Human number, e.g. 2026-000123 */
                number: string;
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                /** @enum {unknown} */
                status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                street?: string;
                /** @enum {unknown} */
                transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                typeCode: string;
                ward?: string;
              };
              /** @description Each unit sent, with its NFPA times */
              responses: {
                /** @enum {unknown} */
                agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                /** Format: date-time */
                clearedAt?: string;
                /** Format: date-time */
                dispatchedAt: string;
                /** Format: date-time */
                enRouteAt?: string;
                /** @enum {unknown} */
                kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
                /** Format: date-time */
                onSceneAt?: string;
                unitId: string;
              }[];
              /** @description The road each unit dispatched or en route drives, from where it is now to the scene */
              routes: {
                coordinates: [number, number][];
                unitId: string;
              }[];
              sop: {
                /** Format: date-time */
                doneAt?: string;
                doneBy?: string;
                en: string;
                id: string;
                /** @enum {unknown} */
                kind: 'question' | 'action' | 'inform';
                vi: string;
              }[];
              timeline: {
                /** @description Account, "system", or "device:<unit>" for a unit’s own report */
                actor: string;
                /** Format: date-time */
                at: string;
                /** @description Personal: a note's text, a transfer's or escalation's reason and acceptedBy, the closing note are sealed at rest, in clear for call-takers and pii:read (the read is audited), masked otherwise */
                detail: {
                  [key: string]: unknown;
                };
                id: string;
                incidentId: string;
                /** @enum {unknown} */
                kind:
                  | 'call_answered'
                  | 'incident_created'
                  | 'call_linked'
                  | 'calls_moved_in'
                  | 'calls_moved_out'
                  | 'sop_step'
                  | 'unit_dispatched'
                  | 'unit_status'
                  | 'unit_status_refused'
                  | 'turnout_late'
                  | 'hospital_assigned'
                  | 'note'
                  | 'transfer'
                  | 'escalation'
                  | 'escalation_resolved'
                  | 'priority_changed'
                  | 'closed';
                unitId?: string;
              }[];
              type: {
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                /**
                 * @description The care its patient needs at hospital
                 * @enum {unknown}
                 */
                care?: 'emergency' | 'cardiac' | 'trauma' | 'burns' | 'paediatric' | 'obstetric' | 'stroke';
                /** @description APCO ANS 2.103-style code */
                code: string;
                /** @description The APCO ANS 2.103 common code it is exchanged under (EIDO) */
                commonCode: string;
                /** @description Calls of these types nearby are proposed as the same incident */
                compatible: string[];
                en: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                /** @description Other words callers use for it, searched with its names */
                keywords: string[];
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                runCard: {
                  anyOf: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
                  count: number;
                }[];
                sop: {
                  en: string;
                  id: string;
                  /** @enum {unknown} */
                  kind: 'question' | 'action' | 'inform';
                  vi: string;
                }[];
                vi: string;
              };
              /** @description Units committed to it now */
              units: {
                /** @enum {unknown} */
                agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                callSign: string;
                capabilities: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
                crew: number;
                hospitalId?: string;
                id: string;
                incidentId?: string;
                /** @enum {unknown} */
                kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                /** Format: date-time */
                locationAt?: string;
                stationId: string;
                /** @enum {unknown} */
                status:
                  | 'available'
                  | 'dispatched'
                  | 'en_route'
                  | 'on_scene'
                  | 'transporting'
                  | 'at_hospital'
                  | 'returning'
                  | 'out_of_service';
                /** Format: date-time */
                statusAt: string;
                /**
                 * Format: date-time
                 * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
                 */
                turnoutDueAt?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Closes the incident with a disposition; committed units are released and told */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {unknown} */
            disposition:
              | 'resolved'
              | 'transported'
              | 'treated_no_transport'
              | 'report_taken'
              | 'arrest'
              | 'false_alarm'
              | 'unfounded'
              | 'gone_on_arrival'
              | 'cancelled'
              | 'transferred'
              | 'duplicate';
            note?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              address?: string;
              agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
              /** Format: date-time */
              closedAt?: string;
              /** Format: date-time */
              createdAt: string;
              /** @enum {unknown} */
              disposition?:
                | 'resolved'
                | 'transported'
                | 'treated_no_transport'
                | 'report_taken'
                | 'arrest'
                | 'false_alarm'
                | 'unfounded'
                | 'gone_on_arrival'
                | 'cancelled'
                | 'transferred'
                | 'duplicate';
              /**
               * Format: date-time
               * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
               */
              escalatedAt?: string;
              /** @enum {unknown} */
              group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
              id: string;
              /** @description [lon, lat], WGS 84 */
              location: [number, number];
              /** @description Human number, e.g. 2026-000123 */
              number: string;
              /** @description 1 is the most urgent */
              priority: 1 | 2 | 3 | 4;
              /** @enum {unknown} */
              status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
              street?: string;
              /** @enum {unknown} */
              transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
              typeCode: string;
              ward?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/dispatch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sends units: all of them or none (409 naming a unit no longer available) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            unitIds: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              incident: {
                address?: string;
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                /** Format: date-time */
                closedAt?: string;
                /** Format: date-time */
                createdAt: string;
                /** @enum {unknown} */
                disposition?:
                  | 'resolved'
                  | 'transported'
                  | 'treated_no_transport'
                  | 'report_taken'
                  | 'arrest'
                  | 'false_alarm'
                  | 'unfounded'
                  | 'gone_on_arrival'
                  | 'cancelled'
                  | 'transferred'
                  | 'duplicate';
                /**
                 * Format: date-time
                 * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                 */
                escalatedAt?: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** @description Human number, e.g. 2026-000123 */
                number: string;
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                /** @enum {unknown} */
                status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                street?: string;
                /** @enum {unknown} */
                transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                typeCode: string;
                ward?: string;
              };
              units: {
                /** @enum {unknown} */
                agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                callSign: string;
                capabilities: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
                crew: number;
                hospitalId?: string;
                id: string;
                incidentId?: string;
                /** @enum {unknown} */
                kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                /** Format: date-time */
                locationAt?: string;
                stationId: string;
                /** @enum {unknown} */
                status:
                  | 'available'
                  | 'dispatched'
                  | 'en_route'
                  | 'on_scene'
                  | 'transporting'
                  | 'at_hospital'
                  | 'returning'
                  | 'out_of_service';
                /** Format: date-time */
                statusAt: string;
                /**
                 * Format: date-time
                 * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
                 */
                turnoutDueAt?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/eido': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The incident as a NENA EIDO JSON document (its type's name in Vietnamese, or English by Accept-Language): callers masked; the dispatchers' notes and reasons in clear for call-takers and pii:read (the read is audited), masked otherwise */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/escalate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Escalates: an alarm for the operations centre and an escalation on the timeline */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              address?: string;
              agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
              /** Format: date-time */
              closedAt?: string;
              /** Format: date-time */
              createdAt: string;
              /** @enum {unknown} */
              disposition?:
                | 'resolved'
                | 'transported'
                | 'treated_no_transport'
                | 'report_taken'
                | 'arrest'
                | 'false_alarm'
                | 'unfounded'
                | 'gone_on_arrival'
                | 'cancelled'
                | 'transferred'
                | 'duplicate';
              /**
               * Format: date-time
               * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
               */
              escalatedAt?: string;
              /** @enum {unknown} */
              group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
              id: string;
              /** @description [lon, lat], WGS 84 */
              location: [number, number];
              /** @description Human number, e.g. 2026-000123 */
              number: string;
              /** @description 1 is the most urgent */
              priority: 1 | 2 | 3 | 4;
              /** @enum {unknown} */
              status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
              street?: string;
              /** @enum {unknown} */
              transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
              typeCode: string;
              ward?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/move-calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The incident's calls move to an open incident they are about; it closes as a duplicate. 409 once units are sent to it or when the other is closed */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            to: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              closed: {
                address?: string;
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                /** Format: date-time */
                closedAt?: string;
                /** Format: date-time */
                createdAt: string;
                /** @enum {unknown} */
                disposition?:
                  | 'resolved'
                  | 'transported'
                  | 'treated_no_transport'
                  | 'report_taken'
                  | 'arrest'
                  | 'false_alarm'
                  | 'unfounded'
                  | 'gone_on_arrival'
                  | 'cancelled'
                  | 'transferred'
                  | 'duplicate';
                /**
                 * Format: date-time
                 * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                 */
                escalatedAt?: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** @description Human number, e.g. 2026-000123 */
                number: string;
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                /** @enum {unknown} */
                status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                street?: string;
                /** @enum {unknown} */
                transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                typeCode: string;
                ward?: string;
              };
              incident: {
                address?: string;
                agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
                /** Format: date-time */
                closedAt?: string;
                /** Format: date-time */
                createdAt: string;
                /** @enum {unknown} */
                disposition?:
                  | 'resolved'
                  | 'transported'
                  | 'treated_no_transport'
                  | 'report_taken'
                  | 'arrest'
                  | 'false_alarm'
                  | 'unfounded'
                  | 'gone_on_arrival'
                  | 'cancelled'
                  | 'transferred'
                  | 'duplicate';
                /**
                 * Format: date-time
                 * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
                 */
                escalatedAt?: string;
                /** @enum {unknown} */
                group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                /** @description Human number, e.g. 2026-000123 */
                number: string;
                /** @description 1 is the most urgent */
                priority: 1 | 2 | 3 | 4;
                /** @enum {unknown} */
                status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
                street?: string;
                /** @enum {unknown} */
                transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
                typeCode: string;
                ward?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/notes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A note on the timeline */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {boolean} */
              ok: true;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/priority': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Changes the incident's priority */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description 1 is the most urgent */
            priority: 1 | 2 | 3 | 4;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              address?: string;
              agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
              /** Format: date-time */
              closedAt?: string;
              /** Format: date-time */
              createdAt: string;
              /** @enum {unknown} */
              disposition?:
                | 'resolved'
                | 'transported'
                | 'treated_no_transport'
                | 'report_taken'
                | 'arrest'
                | 'false_alarm'
                | 'unfounded'
                | 'gone_on_arrival'
                | 'cancelled'
                | 'transferred'
                | 'duplicate';
              /**
               * Format: date-time
               * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
               */
              escalatedAt?: string;
              /** @enum {unknown} */
              group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
              id: string;
              /** @description [lon, lat], WGS 84 */
              location: [number, number];
              /** @description Human number, e.g. 2026-000123 */
              number: string;
              /** @description 1 is the most urgent */
              priority: 1 | 2 | 3 | 4;
              /** @enum {unknown} */
              status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
              street?: string;
              /** @enum {unknown} */
              transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
              typeCode: string;
              ward?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/recommendations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The units to send, by road travel time, line by line of the run card (429 EMERGENCY_SEARCHES_LIMITED past an allowance of road searches) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              alternatives: {
                lengthM: number;
                /** @description The run-card line it fills */
                line: number;
                route?: [number, number][];
                seconds: number;
                unit: {
                  /** @enum {unknown} */
                  agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                  callSign: string;
                  capabilities: (
                    'engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol'
                  )[];
                  crew: number;
                  hospitalId?: string;
                  id: string;
                  incidentId?: string;
                  /** @enum {unknown} */
                  kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
                  /** @description [lon, lat], WGS 84 */
                  location?: [number, number];
                  /** Format: date-time */
                  locationAt?: string;
                  stationId: string;
                  /** @enum {unknown} */
                  status:
                    | 'available'
                    | 'dispatched'
                    | 'en_route'
                    | 'on_scene'
                    | 'transporting'
                    | 'at_hospital'
                    | 'returning'
                    | 'out_of_service';
                  /** Format: date-time */
                  statusAt: string;
                  /**
                   * Format: date-time
                   * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
                   */
                  turnoutDueAt?: string;
                };
                why: {
                  en: string;
                  vi: string;
                };
              }[];
              /** @description Committed units closer than the suggested one: shown, not suggested */
              busyCloser: {
                lengthM: number;
                /** @description The run-card line it fills */
                line: number;
                route?: [number, number][];
                seconds: number;
                unit: {
                  /** @enum {unknown} */
                  agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                  callSign: string;
                  capabilities: (
                    'engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol'
                  )[];
                  crew: number;
                  hospitalId?: string;
                  id: string;
                  incidentId?: string;
                  /** @enum {unknown} */
                  kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
                  /** @description [lon, lat], WGS 84 */
                  location?: [number, number];
                  /** Format: date-time */
                  locationAt?: string;
                  stationId: string;
                  /** @enum {unknown} */
                  status:
                    | 'available'
                    | 'dispatched'
                    | 'en_route'
                    | 'on_scene'
                    | 'transporting'
                    | 'at_hospital'
                    | 'returning'
                    | 'out_of_service';
                  /** Format: date-time */
                  statusAt: string;
                  /**
                   * Format: date-time
                   * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
                   */
                  turnoutDueAt?: string;
                };
                why: {
                  en: string;
                  vi: string;
                };
              }[];
              runCard: {
                anyOf: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
                count: number;
              }[];
              shortfall: {
                anyOf: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
                line: number;
                missing: number;
              }[];
              suggested: {
                lengthM: number;
                /** @description The run-card line it fills */
                line: number;
                route?: [number, number][];
                seconds: number;
                unit: {
                  /** @enum {unknown} */
                  agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                  callSign: string;
                  capabilities: (
                    'engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol'
                  )[];
                  crew: number;
                  hospitalId?: string;
                  id: string;
                  incidentId?: string;
                  /** @enum {unknown} */
                  kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
                  /** @description [lon, lat], WGS 84 */
                  location?: [number, number];
                  /** Format: date-time */
                  locationAt?: string;
                  stationId: string;
                  /** @enum {unknown} */
                  status:
                    | 'available'
                    | 'dispatched'
                    | 'en_route'
                    | 'on_scene'
                    | 'transporting'
                    | 'at_hospital'
                    | 'returning'
                    | 'out_of_service';
                  /** Format: date-time */
                  statusAt: string;
                  /**
                   * Format: date-time
                   * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
                   */
                  turnoutDueAt?: string;
                };
                why: {
                  en: string;
                  vi: string;
                };
              }[];
              unplaced: {
                reason: string;
                unitId: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/sop/{stepId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ticks (or unticks) a step of the procedure */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          stepId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            done: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {boolean} */
              ok: true;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/transfer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Transfers the incident to another agency, naming who accepted it there or their reference */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      /** @description acceptedBy, reference or both are required */
      requestBody: {
        content: {
          'application/json': {
            /** @description Who took the handover at the receiving agency */
            acceptedBy?: string;
            /** @enum {unknown} */
            agency: 'police' | 'fire' | 'medical' | 'civil_defence';
            reason: string;
            /** @description The receiving centre's own reference for the incident */
            reference?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              address?: string;
              agencies: ('police' | 'fire' | 'medical' | 'civil_defence')[];
              /** Format: date-time */
              closedAt?: string;
              /** Format: date-time */
              createdAt: string;
              /** @enum {unknown} */
              disposition?:
                | 'resolved'
                | 'transported'
                | 'treated_no_transport'
                | 'report_taken'
                | 'arrest'
                | 'false_alarm'
                | 'unfounded'
                | 'gone_on_arrival'
                | 'cancelled'
                | 'transferred'
                | 'duplicate';
              /**
               * Format: date-time
               * @description While escalated, since when: asked by a dispatcher, or no unit free for a line of the run card (cleared once the units sent fill it)
               */
              escalatedAt?: string;
              /** @enum {unknown} */
              group: 'police' | 'fire_rescue' | 'medical' | 'disaster';
              id: string;
              /** @description [lon, lat], WGS 84 */
              location: [number, number];
              /** @description Human number, e.g. 2026-000123 */
              number: string;
              /** @description 1 is the most urgent */
              priority: 1 | 2 | 3 | 4;
              /** @enum {unknown} */
              status: 'pending' | 'dispatched' | 'on_scene' | 'closed';
              street?: string;
              /** @enum {unknown} */
              transferredTo?: 'police' | 'fire' | 'medical' | 'civil_defence';
              typeCode: string;
              ward?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/incidents/{id}/units/{unitId}/hospital': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The hospital a unit takes its patient to; the unit is told */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          unitId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            hospitalId: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {boolean} */
              ok: true;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/intervals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** NFPA 1221/1710 intervals, percentiles per type, agency or ward, against the targets */
    get: {
      parameters: {
        query?: {
          by?: 'type' | 'agency' | 'ward';
          from?: string;
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {unknown} */
              by: 'type' | 'agency' | 'ward';
              city: {
                /** @enum {unknown} */
                by: 'type' | 'agency' | 'ward' | 'city';
                incidents: number;
                intervals: {
                  /** @description Incidents of the group that had this interval */
                  count: number;
                  /** @enum {unknown} */
                  interval:
                    | 'answerToCreate'
                    | 'createToDispatch'
                    | 'processing'
                    | 'turnoutEms'
                    | 'turnoutFire'
                    | 'travel'
                    | 'onSceneToClear';
                  /** @description p90 is within the target */
                  meetsTarget: boolean | null;
                  /** @description Median, seconds (nearest rank) */
                  p50: number | null;
                  /** @description 90th percentile, seconds (nearest rank) */
                  p90: number | null;
                  /** @description The target at the 90th percentile, seconds; null where no standard sets one */
                  target: number | null;
                  /** @description Share of count within the target */
                  withinTarget: number | null;
                }[];
                /** @description The type code, agency, ward name, or "all" for the city */
                key: string;
              };
              /**
               * Format: date-time
               * @description Incidents created from (inclusive)
               */
              from: string;
              groups: {
                /** @enum {unknown} */
                by: 'type' | 'agency' | 'ward' | 'city';
                incidents: number;
                intervals: {
                  /** @description Incidents of the group that had this interval */
                  count: number;
                  /** @enum {unknown} */
                  interval:
                    | 'answerToCreate'
                    | 'createToDispatch'
                    | 'processing'
                    | 'turnoutEms'
                    | 'turnoutFire'
                    | 'travel'
                    | 'onSceneToClear';
                  /** @description p90 is within the target */
                  meetsTarget: boolean | null;
                  /** @description Median, seconds (nearest rank) */
                  p50: number | null;
                  /** @description 90th percentile, seconds (nearest rank) */
                  p90: number | null;
                  /** @description The target at the 90th percentile, seconds; null where no standard sets one */
                  target: number | null;
                  /** @description Share of count within the target */
                  withinTarget: number | null;
                }[];
                /** @description The type code, agency, ward name, or "all" for the city */
                key: string;
              }[];
              /** @enum {string} */
              percentileMethod: 'nearest-rank';
              targetPercentile: number;
              targets: {
                answerToCreate: number;
                createToDispatch: number;
                processing: number;
                travel: number;
                turnoutEms: number;
                turnoutFire: number;
              };
              /**
               * Format: date-time
               * @description Incidents created before
               */
              to: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:report` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/intervals.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The interval report as CSV */
    get: {
      parameters: {
        query?: {
          by?: 'type' | 'agency' | 'ward';
          from?: string;
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One line per group and interval */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/csv': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:report` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/places': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Streets and wards matching what the call-taker types (Vietnamese marks ignored) */
    get: {
      parameters: {
        query: {
          limit?: number;
          q: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              places: {
                label: string;
                /**
                 * @description A named place rather than a street or a ward, and what it is
                 * @enum {unknown}
                 */
                landmark?: 'hospital' | 'fire' | 'police' | 'clinic' | 'medical-centre' | 'health-station';
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                street?: string;
                ward?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/places/reverse': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The ward and nearest street of a point; 400 outside the city */
    get: {
      parameters: {
        query: {
          lat: number;
          lon: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              distanceM: number;
              /** @description [lon, lat], WGS 84 */
              location: [number, number];
              street?: string;
              ward?: string;
              wardCode?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/stations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stations */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              stations: {
                /** @enum {unknown} */
                agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                id: string;
                /** @description [lon, lat], WGS 84 */
                location: [number, number];
                name: string;
                ward?: string;
              }[];
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Adds or updates a station */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {unknown} */
            agency: 'police' | 'fire' | 'medical' | 'civil_defence';
            id: string;
            /** @description [lon, lat], WGS 84 */
            location: [number, number];
            name: string;
            ward?: string;
          };
        };
      };
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/units': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Units, by call sign */
    get: {
      parameters: {
        query?: {
          agency?: 'police' | 'fire' | 'medical' | 'civil_defence';
          status?:
            | 'available'
            | 'dispatched'
            | 'en_route'
            | 'on_scene'
            | 'transporting'
            | 'at_hospital'
            | 'returning'
            | 'out_of_service';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              units: {
                /** @enum {unknown} */
                agency: 'police' | 'fire' | 'medical' | 'civil_defence';
                callSign: string;
                capabilities: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
                crew: number;
                hospitalId?: string;
                id: string;
                incidentId?: string;
                /** @enum {unknown} */
                kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                /** Format: date-time */
                locationAt?: string;
                stationId: string;
                /** @enum {unknown} */
                status:
                  | 'available'
                  | 'dispatched'
                  | 'en_route'
                  | 'on_scene'
                  | 'transporting'
                  | 'at_hospital'
                  | 'returning'
                  | 'out_of_service';
                /** Format: date-time */
                statusAt: string;
                /**
                 * Format: date-time
                 * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
                 */
                turnoutDueAt?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Adds or updates a unit of the roster (a new one starts available at its station) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {unknown} */
            agency: 'police' | 'fire' | 'medical' | 'civil_defence';
            callSign: string;
            capabilities: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
            crew: number;
            id: string;
            /** @enum {unknown} */
            kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
            stationId: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {unknown} */
              agency: 'police' | 'fire' | 'medical' | 'civil_defence';
              callSign: string;
              capabilities: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
              crew: number;
              hospitalId?: string;
              id: string;
              incidentId?: string;
              /** @enum {unknown} */
              kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
              /** @description [lon, lat], WGS 84 */
              location?: [number, number];
              /** Format: date-time */
              locationAt?: string;
              stationId: string;
              /** @enum {unknown} */
              status:
                | 'available'
                | 'dispatched'
                | 'en_route'
                | 'on_scene'
                | 'transporting'
                | 'at_hospital'
                | 'returning'
                | 'out_of_service';
              /** Format: date-time */
              statusAt: string;
              /**
               * Format: date-time
               * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
               */
              turnoutDueAt?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/units/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One unit */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {unknown} */
              agency: 'police' | 'fire' | 'medical' | 'civil_defence';
              callSign: string;
              capabilities: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
              crew: number;
              hospitalId?: string;
              id: string;
              incidentId?: string;
              /** @enum {unknown} */
              kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
              /** @description [lon, lat], WGS 84 */
              location?: [number, number];
              /** Format: date-time */
              locationAt?: string;
              stationId: string;
              /** @enum {unknown} */
              status:
                | 'available'
                | 'dispatched'
                | 'en_route'
                | 'on_scene'
                | 'transporting'
                | 'at_hospital'
                | 'returning'
                | 'out_of_service';
              /** Format: date-time */
              statusAt: string;
              /**
               * Format: date-time
               * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
               */
              turnoutDueAt?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Removes a unit; refused while it is committed */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/emergency/units/{id}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Changes a unit's status from the console; an illegal change is refused with the reason */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            hospitalId?: string;
            /** @enum {unknown} */
            status:
              | 'available'
              | 'dispatched'
              | 'en_route'
              | 'on_scene'
              | 'transporting'
              | 'at_hospital'
              | 'returning'
              | 'out_of_service';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {unknown} */
              agency: 'police' | 'fire' | 'medical' | 'civil_defence';
              callSign: string;
              capabilities: ('engine' | 'ladder' | 'rescue' | 'water_rescue' | 'hazmat' | 'als' | 'bls' | 'patrol')[];
              crew: number;
              hospitalId?: string;
              id: string;
              incidentId?: string;
              /** @enum {unknown} */
              kind: 'fire_engine' | 'ladder_truck' | 'rescue_team' | 'ambulance' | 'police_patrol';
              /** @description [lon, lat], WGS 84 */
              location?: [number, number];
              /** Format: date-time */
              locationAt?: string;
              stationId: string;
              /** @enum {unknown} */
              status:
                | 'available'
                | 'dispatched'
                | 'en_route'
                | 'on_scene'
                | 'transporting'
                | 'at_hospital'
                | 'returning'
                | 'out_of_service';
              /** Format: date-time */
              statusAt: string;
              /**
               * Format: date-time
               * @description While dispatched: when it must be en route or on scene by (EMERGENCY_TURNOUT_ALARM_SECONDS); later, it is late
               */
              turnoutDueAt?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `emergency:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/environment/air-quality/daily': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Each station's daily VN_AQI (Hanoi days, 01:00 → 00:00) and each ward's worst, over up to 62 days */
    get: {
      parameters: {
        query: {
          /** @description first day, YYYY-MM-DD */
          from: string;
          /** @description one station (entity id) */
          station?: string;
          /** @description last day, YYYY-MM-DD */
          to: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              from: string;
              stations: {
                area: string | null;
                /** @description YYYY-MM-DD, Hanoi day */
                day: string;
                dominantPollutant: string | null;
                level: number | null;
                name: string;
                /** @description Hours with valid PM2.5 (or PM10 without PM2.5) */
                pmHours: number;
                station: string;
                /** @description Each pollutant’s daily sub-index */
                subIndices: {
                  [key: string]: number;
                };
                vnAqi: number | null;
              }[];
              to: string;
              wards: {
                area: string | null;
                day: string;
                level: number | null;
                stations: number;
                vnAqi: number | null;
                worstStation: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `environment:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/environment/air-quality/hourly': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Each station's VN_AQI hour by hour over the last hours (up to 48), to replay the last day */
    get: {
      parameters: {
        query: {
          /** @description how many clock hours */
          hours: number;
          /** @description ISO instant the replay ends at (its hour included); default: the newest rating */
          until?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Start of the first hour; null when no station was rated yet */
              from: string | null;
              hours: string[];
              stations: {
                area: string | null;
                location: number[] | null;
                name: string;
                station: string;
                /** @description Only the hours the station was rated in */
                values: {
                  /** Format: date-time */
                  hour: string;
                  /** @description VN_AQI category: 1 Tốt … 6 Nguy hại */
                  level: number;
                  /** @description The mean of the station’s VN_AQI in that hour, rounded */
                  vnAqi: number;
                }[];
              }[];
              /** @description End of the last hour */
              to: string | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `environment:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/environment/air-quality/monthly': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Per station and ward: days rated, mean and worst daily VN_AQI, days in each category */
    get: {
      parameters: {
        query: {
          /** @description YYYY-MM */
          month: string;
          /** @description one station (entity id) */
          station?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description YYYY-MM */
              month: string;
              stations: {
                area: string | null;
                /** @description days per level, "1" … "6" */
                daysByLevel: {
                  [key: string]: number;
                };
                daysRated: number;
                meanVnAqi: number;
                name: string;
                station: string;
                worstVnAqi: number;
              }[];
              wards: {
                area: string;
                /** @description days per level, "1" … "6" */
                daysByLevel: {
                  [key: string]: number;
                };
                daysRated: number;
                meanVnAqi: number;
                worstVnAqi: number;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `environment:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/environment/air-quality/stations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Air-quality stations with their latest VN_AQI, category, health advice and readings */
    get: {
      parameters: {
        query?: {
          limit?: number;
          offset?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Stations of the tenant, over every page */
              count: number;
              stations: {
                /** @description The ward it serves */
                area?: string;
                /** @description The VN_AQI of the last whole day; null before one */
                dailyVnAqi: {
                  category: {
                    en: string;
                    vi: string;
                  };
                  /** @description YYYY-MM-DD, Hanoi day */
                  day?: string;
                  dominantPollutant?: string;
                  value: number;
                } | null;
                /** @description The station’s NGSI-LD entity id */
                id: string;
                /** @description GeoJSON geometry of the station */
                location?: unknown;
                name: string;
                /** @description Latest reading of each pollutant */
                readings: {
                  [key: string]: {
                    /** Format: date-time */
                    observedAt?: string;
                    /** @description UN/CEFACT unit code */
                    unitCode: string;
                    value: number;
                  };
                };
                /** @description Who provides its data */
                source: string;
                /** @description The US EPA AQI, for comparison; null before a rating */
                usAqi: {
                  category: {
                    en: string;
                    vi: string;
                  };
                  colour: string;
                  scale: string;
                  value: number;
                } | null;
                /** @description The hourly VN_AQI; null before a rating */
                vnAqi: {
                  category: {
                    advice: {
                      general: {
                        en: string;
                        vi: string;
                      };
                      sensitive: {
                        en: string;
                        vi: string;
                      };
                    };
                    /** @description hex colour of the category */
                    colour: string;
                    healthEffect: {
                      en: string;
                      vi: string;
                    };
                    /** @description VN_AQI category: 1 Tốt … 6 Nguy hại */
                    level: number;
                    name: {
                      en: string;
                      vi: string;
                    };
                  };
                  /** @description The concentrations the sub-indices came from (µg/m³) */
                  concentrations?: {
                    [key: string]: number;
                  };
                  dominantPollutant?: string;
                  /** Format: date-time */
                  observedAt?: string;
                  /** @enum {string} */
                  scale: 'VN_AQI';
                  /** @description Each pollutant’s sub-index */
                  subIndices?: {
                    [key: string]: number;
                  };
                  value: number;
                } | null;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `environment:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/environment/air-quality/stations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One air-quality station (its NGSI-LD entity id) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The ward it serves */
              area?: string;
              /** @description The VN_AQI of the last whole day; null before one */
              dailyVnAqi: {
                category: {
                  en: string;
                  vi: string;
                };
                /** @description YYYY-MM-DD, Hanoi day */
                day?: string;
                dominantPollutant?: string;
                value: number;
              } | null;
              /** @description The station’s NGSI-LD entity id */
              id: string;
              /** @description GeoJSON geometry of the station */
              location?: unknown;
              name: string;
              /** @description Latest reading of each pollutant */
              readings: {
                [key: string]: {
                  /** Format: date-time */
                  observedAt?: string;
                  /** @description UN/CEFACT unit code */
                  unitCode: string;
                  value: number;
                };
              };
              /** @description Who provides its data */
              source: string;
              /** @description The US EPA AQI, for comparison; null before a rating */
              usAqi: {
                category: {
                  en: string;
                  vi: string;
                };
                colour: string;
                scale: string;
                value: number;
              } | null;
              /** @description The hourly VN_AQI; null before a rating */
              vnAqi: {
                category: {
                  advice: {
                    general: {
                      en: string;
                      vi: string;
                    };
                    sensitive: {
                      en: string;
                      vi: string;
                    };
                  };
                  /** @description hex colour of the category */
                  colour: string;
                  healthEffect: {
                    en: string;
                    vi: string;
                  };
                  /** @description VN_AQI category: 1 Tốt … 6 Nguy hại */
                  level: number;
                  name: {
                    en: string;
                    vi: string;
                  };
                };
                /** @description The concentrations the sub-indices came from (µg/m³) */
                concentrations?: {
                  [key: string]: number;
                };
                dominantPollutant?: string;
                /** Format: date-time */
                observedAt?: string;
                /** @enum {string} */
                scale: 'VN_AQI';
                /** @description Each pollutant’s sub-index */
                subIndices?: {
                  [key: string]: number;
                };
                value: number;
              } | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `environment:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/environment/limits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The air limits in force on a day (QCVN 05:2023/BTNMT, µg/m³ per averaging time) and the VN_AQI categories
     * @description For a chart of readings: each pollutant's limit per averaging time (`1h`, `8h`, `24h`, `year`) in the version in force on the Hanoi date of `at` (default now), and the six VN_AQI categories of Decision 1459/QĐ-TCMT with their bounds and colours. The same for every tenant.
     */
    get: {
      parameters: {
        query?: {
          at?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description null before the first version in force */
              air: {
                /** @description first day in force, YYYY-MM-DD */
                from: string;
                /** @description per pollutant, µg/m³ */
                limits: {
                  [key: string]: {
                    '1h'?: number;
                    '8h'?: number;
                    '24h'?: number;
                    year?: number;
                  };
                };
                regulation: string;
              } | null;
              vnAqi: {
                /** @description #RRGGBB */
                colour: string;
                from: number;
                level: number;
                name: {
                  en: string;
                  vi: string;
                };
                to: number;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `environment:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Live changes of context entities (server-sent events) */
    get: {
      parameters: {
        query?: {
          /** @description minLon,minLat,maxLon,maxLat */
          bbox?: string;
          /** @description Modules' events too, comma-separated (e.g. kpis,alarms,warnings) */
          feeds?: string;
          /** @description Entity types, comma-separated (terms of the Link @context) */
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/kpis': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The operations centre's headline figures for the tenant: devices, air, buses, parking, emergencies, alarms, citizen reports */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description VN_AQI across the station network */
              airQuality: {
                /** @description Mean of the rated stations' VN_AQI, rounded half up */
                cityAqi: number | null;
                /** @description VN_AQI category of cityAqi (Table 1 of Decision 1459/QĐ-TCMT): 1 Tốt … 6 Nguy hại */
                level: number | null;
                /** @description The newest current rating */
                observedAt: string | null;
                /** @description Stations with a current VN_AQI (within 3 h of the newest rating) */
                rated: number;
                /** @description AirQualityObserved entities */
                stations: number;
                /** @description The ward of the station with the highest current VN_AQI */
                worstWard: {
                  aqi: number;
                  /** @description Official ward code */
                  code: string | null;
                  /** @description Ward name */
                  name: string | null;
                  /** @description The station (entity id) with the highest current VN_AQI */
                  station: string;
                } | null;
              };
              alarms: {
                /** @description Alarms in alarm now and not shelved, by severity: what needs someone now */
                active: {
                  critical: number;
                  high: number;
                  low: number;
                  medium: number;
                };
                /** @description Alarms not yet both cleared and acknowledged, by severity */
                open: {
                  critical: number;
                  high: number;
                  low: number;
                  medium: number;
                };
                /** @description Alarms shelved for a while by an operator */
                shelved: number;
                /** @description Alarms back to normal that no one has acknowledged yet */
                toAcknowledge: number;
                unacknowledged: number;
              };
              /**
               * Format: date-time
               * @description When the figures were counted
               */
              at: string;
              /** @description Bus punctuality */
              buses: {
                /** @description Vehicles on duty (serviceStatus not outOfService) reporting within 5 min of the newest vehicle report */
                inService: number;
                /** @description Of those reporting, the ones whose delay is the trip matcher's deviation (the others: the delay the bus reports) */
                matched: number;
                /** @description negative: early */
                meanDelaySeconds: number | null;
                /** @description Of those reporting, the ones between 1 min early and 5 min late */
                onTime: number;
                /** @description onTime / reporting */
                punctuality: number | null;
                /** @description Of those, the ones with a current delay: the trip matcher's deviation from the schedule, else the bus's own reported delay */
                reporting: number;
              };
              /** @description IoT devices by health: heard within IOT_OFFLINE_AFTER, not since, or never; out of service is neither */
              devices: {
                never: number;
                /** @description Not heard within IOT_OFFLINE_AFTER and not out of service */
                offline: number;
                online: number;
                /** @description Vehicles that said they are out of service (between trips, after their day): not offline */
                outOfService: number;
                /** @description Devices that never say whether they are in service: the sensors */
                sensors: {
                  never: number;
                  offline: number;
                  online: number;
                  total: number;
                };
                total: number;
                /** @description Devices that say whether they are in service (serviceStatus): the vehicles */
                vehicles: {
                  inService: number;
                  offline: number;
                  online: number;
                  outOfService: number;
                  total: number;
                };
              };
              /** @description The emergency centre's load */
              emergency: {
                /** @description Of those, still pending: no unit sent yet */
                awaitingUnits: number;
                /** @description EmergencyIncident entities not closed */
                openIncidents: number;
                /** @description Of those, priority 1 */
                priorityOne: number;
                units: {
                  /** @description EmergencyUnit entities available */
                  available: number;
                  /** @description Units dispatched, en route, on scene, transporting, at hospital or returning */
                  committed: number;
                  /** @description Units out of service */
                  outOfService: number;
                };
              };
              /** @description Parking occupancy */
              parking: {
                /** @description Spots of the lots reporting both spots and free spots */
                capacity: number;
                /** @description OffStreetParking and OnStreetParking entities */
                lots: number;
                /** @description occupied / capacity */
                occupancy: number | null;
                /** @description Spots taken in those lots */
                occupied: number;
              };
              /** @description Citizen reports (GT247 and iHanoi on Open311) */
              reports: {
                /** @description Reports resolved or rejected in the last 30 days */
                closed: number;
                /** @description Of those, received and resolved within their time limits */
                onTime: number;
                /** @description onTime / closed; null when none closed */
                onTimeRate: number | null;
                /** @description Citizen reports open: submitted, received or waiting on the reporter (imported records left out) */
                open: number;
                /** @description Of those, past a time limit (receipt or resolution) and not yet received, asked or closed */
                overdue: number;
                /** @description Of those, urgent (handled within 4 working hours) */
                urgent: number;
                /** @description Of those, waiting on the reporter: their clocks stand still */
                waiting: number;
              };
              /** @description Online public services (Decree 118/2025 dossiers) */
              services: {
                /** @description Of those, due by the end of today (Hà Nội) */
                dueToday: number;
                /** @description Of those, past their due date (those awaiting a supplement left out: their clocks stand still) */
                late: number;
                /** @description Of those, returned early or on time; null when none */
                onTimeRate: number | null;
                /** @description Dossiers of online public services open: submitted, received, being handled, awaiting a supplement or the return */
                open: number;
                /** @description Dossiers whose result was returned in the last 30 days */
                returned30d: number;
              };
              warnings: {
                /** @description Public warnings (CAP) in force */
                inForce: number;
              };
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `kpis:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Messages to people, newest first: what was queued, sent or failed (contacts masked) */
    get: {
      parameters: {
        query: {
          limit: number;
          /** @description e.g. 'services.otp' */
          topic?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              messages: {
                attempts: number;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                deliveredAt?: string;
                id: string;
                language: 'vi' | 'en';
                lastError?: string;
                link?: string;
                sender?: string;
                subject: string;
                /** @description One-time codes and tokens hidden unless the sender is local (the outbox is the mailbox) */
                text: string;
                /** @description Masked */
                to: {
                  email?: string;
                  phone?: string;
                };
                /** @description What it is about, e.g. 'services.otp' */
                topic: string;
              }[];
              sender: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `messages:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/confirmations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The bank's confirmation of a transfer received, signed (X-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">). 200 with the outcome, the same for every delivery of a transaction; 401 when the signature is missing, wrong or more than 300 s off; 503 when it could not be settled (send again) */
    post: {
      parameters: {
        query?: never;
        header?: {
          'x-payment-signature'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The account credited */
            accountNumber: string;
            /** @description Amount received in đồng */
            amountVnd: number;
            /** Format: date-time */
            paidAt: string;
            /** @description The memo: the payment reference */
            reference: string;
            /** @description The bank's id of the transfer */
            transactionId: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {unknown} */
              outcome: 'matched' | 'unmatched' | 'amount-mismatch' | 'duplicate-payment';
              receiptNumber?: string;
              reference?: string;
              transactionId: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/intents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Payment intents, newest first: by state, made from (inclusive) and before to */
    get: {
      parameters: {
        query: {
          from?: string;
          limit: number;
          state?: 'pending' | 'paid' | 'cancelled';
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              intents: {
                /** @description Amount in đồng */
                amountVnd: number;
                bankTransaction?: string;
                /** Format: date-time */
                cancelledAt?: string;
                /** Format: date-time */
                createdAt: string;
                description: string;
                /** Format: date-time */
                paidAt?: string;
                /** @description What the payment is for, e.g. 'dossier-fee' */
                purpose: string;
                /** @description The VietQR (EMVCo) payload a bank app scans */
                qr: string;
                /** @description BL-<year>-<6 digits> */
                receiptNumber?: string;
                /** @description TL + 10 Crockford base32 characters: the transfer memo */
                reference: string;
                /** @enum {unknown} */
                state: 'pending' | 'paid' | 'cancelled';
                /** @description What it is for within the purpose, e.g. the dossier code */
                subject: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `payments:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/intents/{reference}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A payment intent by its reference, with its QR code as SVG */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description TL + 10 Crockford base32 characters: the transfer memo */
          reference: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              intent: {
                /** @description Amount in đồng */
                amountVnd: number;
                bankTransaction?: string;
                /** Format: date-time */
                cancelledAt?: string;
                /** Format: date-time */
                createdAt: string;
                description: string;
                /** Format: date-time */
                paidAt?: string;
                /** @description What the payment is for, e.g. 'dossier-fee' */
                purpose: string;
                /** @description The VietQR (EMVCo) payload a bank app scans */
                qr: string;
                /** @description BL-<year>-<6 digits> */
                receiptNumber?: string;
                /** @description TL + 10 Crockford base32 characters: the transfer memo */
                reference: string;
                /** @enum {unknown} */
                state: 'pending' | 'paid' | 'cancelled';
                /** @description What it is for within the purpose, e.g. the dossier code */
                subject: string;
              };
              qrSvg: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `payments:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/intents/{reference}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancels a pending intent: a transfer for it later is kept as unmatched (409 unless pending, or if its purpose's module cancels it: a dossier's fee) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description TL + 10 Crockford base32 characters: the transfer memo */
          reference: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              intent: {
                /** @description Amount in đồng */
                amountVnd: number;
                bankTransaction?: string;
                /** Format: date-time */
                cancelledAt?: string;
                /** Format: date-time */
                createdAt: string;
                description: string;
                /** Format: date-time */
                paidAt?: string;
                /** @description What the payment is for, e.g. 'dossier-fee' */
                purpose: string;
                /** @description The VietQR (EMVCo) payload a bank app scans */
                qr: string;
                /** @description BL-<year>-<6 digits> */
                receiptNumber?: string;
                /** @description TL + 10 Crockford base32 characters: the transfer memo */
                reference: string;
                /** @enum {unknown} */
                state: 'pending' | 'paid' | 'cancelled';
                /** @description What it is for within the purpose, e.g. the dossier code */
                subject: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `payments:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/intents/{reference}/receipt': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The receipt of a paid intent (404 unless paid) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description TL + 10 Crockford base32 characters: the transfer memo */
          reference: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Amount paid in đồng */
              amountVnd: number;
              bankTransaction: string;
              description: string;
              /** @description BL-<year>-<6 digits>, per tenant and year */
              number: string;
              /** Format: date-time */
              paidAt: string;
              payee: {
                account: string;
                accountName: string;
                bankBin: string;
                bankName: string;
              };
              purpose: string;
              reference: string;
              subject: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `payments:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/reconciliation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Day by day (Hà Nội): intents made, payments (count, sum) by channel (bank transfer, counter, with the counter's receipts), pending, cancelled, the confirmations that paid nothing (unmatched, amount mismatches, duplicates) with their transaction ids, and the refunds due and made; JSON or CSV */
    get: {
      parameters: {
        query?: {
          format?: 'json' | 'csv';
          /** @description First day (default: 30 days before to) */
          from?: string;
          /** @description Last day, included (default: today) */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The reconciliation */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              days: {
                amountMismatches: {
                  /** @description Amount received */
                  amountVnd: number;
                  /** @enum {unknown} */
                  outcome: 'matched' | 'unmatched' | 'amount-mismatch' | 'duplicate-payment';
                  /** Format: date-time */
                  paidAt: string;
                  /** Format: date-time */
                  receivedAt: string;
                  /** @description The memo as the bank sent it */
                  reference: string;
                  transactionId: string;
                }[];
                /** @description Of the intents made that day, those cancelled */
                cancelled: number;
                channels: {
                  /** @description Payments taken at a counter (cash or card) */
                  counter: {
                    count: number;
                    /** @description Their sum */
                    sumVnd: number;
                  };
                  /** @description Intents paid by VietQR bank transfer */
                  transfer: {
                    count: number;
                    /** @description Their sum */
                    sumVnd: number;
                  };
                };
                counter: {
                  /** @description Amount paid in đồng */
                  amountVnd: number;
                  /** @description The officer who recorded it */
                  by: {
                    id: string;
                    name: string;
                  };
                  /** @description The VietQR intent cancelled with it */
                  intent?: string;
                  /** Format: date-time */
                  paidAt: string;
                  purpose: string;
                  /** @description The number of the receipt the officer gave */
                  receiptNumber: string;
                  subject: string;
                }[];
                /** @description Intents made that day */
                created: number;
                /**
                 * Format: date
                 * @description A day in Hà Nội time
                 */
                date: string;
                duplicates: {
                  /** @description Amount received */
                  amountVnd: number;
                  /** @enum {unknown} */
                  outcome: 'matched' | 'unmatched' | 'amount-mismatch' | 'duplicate-payment';
                  /** Format: date-time */
                  paidAt: string;
                  /** Format: date-time */
                  receivedAt: string;
                  /** @description The memo as the bank sent it */
                  reference: string;
                  transactionId: string;
                }[];
                /** @description Payments that day, every channel */
                paid: {
                  count: number;
                  /** @description Sum paid */
                  sumVnd: number;
                };
                /** @description Of the intents made that day, those still pending */
                pending: number;
                /** @description Refunds recorded as made that day */
                refunded: {
                  /** @description Amount to give back in đồng */
                  amountVnd: number;
                  /** Format: date-time */
                  dueAt: string;
                  purpose: string;
                  /** @description Why nothing is owed: 'intent-cancelled' (the transfer came after the intent was cancelled) or the purpose's word (e.g. 'dossier-withdrawn') */
                  reason: string;
                  /** @description The intent the transfer named */
                  reference: string;
                  /** Format: date-time */
                  refundedAt?: string;
                  /** @description The account that recorded the refund */
                  refundedBy?: string;
                  /** @description The refund's own reference (the transfer back, or the voucher) */
                  refundReference?: string;
                  /** @enum {unknown} */
                  state: 'due' | 'refunded';
                  subject: string;
                  /** @description The bank's transaction whose money is due back */
                  transactionId: string;
                }[];
                /** @description Refunds that became due that day, as they stand now */
                refundsDue: {
                  /** @description Amount to give back in đồng */
                  amountVnd: number;
                  /** Format: date-time */
                  dueAt: string;
                  purpose: string;
                  /** @description Why nothing is owed: 'intent-cancelled' (the transfer came after the intent was cancelled) or the purpose's word (e.g. 'dossier-withdrawn') */
                  reason: string;
                  /** @description The intent the transfer named */
                  reference: string;
                  /** Format: date-time */
                  refundedAt?: string;
                  /** @description The account that recorded the refund */
                  refundedBy?: string;
                  /** @description The refund's own reference (the transfer back, or the voucher) */
                  refundReference?: string;
                  /** @enum {unknown} */
                  state: 'due' | 'refunded';
                  subject: string;
                  /** @description The bank's transaction whose money is due back */
                  transactionId: string;
                }[];
                unmatched: {
                  /** @description Amount received */
                  amountVnd: number;
                  /** @enum {unknown} */
                  outcome: 'matched' | 'unmatched' | 'amount-mismatch' | 'duplicate-payment';
                  /** Format: date-time */
                  paidAt: string;
                  /** Format: date-time */
                  receivedAt: string;
                  /** @description The memo as the bank sent it */
                  reference: string;
                  transactionId: string;
                }[];
              }[];
              /** Format: date */
              from: string;
              /** Format: date */
              to: string;
              totals: {
                amountMismatches: number;
                cancelled: number;
                channels: {
                  /** @description Payments taken at a counter (cash or card) */
                  counter: {
                    count: number;
                    /** @description Their sum */
                    sumVnd: number;
                  };
                  /** @description Intents paid by VietQR bank transfer */
                  transfer: {
                    count: number;
                    /** @description Their sum */
                    sumVnd: number;
                  };
                };
                created: number;
                duplicates: number;
                paid: {
                  count: number;
                  /** @description Sum paid */
                  sumVnd: number;
                };
                pending: number;
                refunds: {
                  /** @description Refunds that became due in the period */
                  due: {
                    count: number;
                    /** @description Their sum */
                    sumVnd: number;
                  };
                  /** @description Of those, the ones still due */
                  outstanding: {
                    count: number;
                    /** @description Their sum */
                    sumVnd: number;
                  };
                  /** @description Refunds made in the period */
                  refunded: {
                    count: number;
                    /** @description Their sum */
                    sumVnd: number;
                  };
                };
                unmatched: number;
                /** @description Money received that paid no intent */
                unsettledVnd: number;
              };
            };
            'text/csv': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `payments:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/refunds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Money received that nothing is owed for, to give back (a transfer for a cancelled intent, or one that paid as its purpose closed), newest first: by state, purpose and subject */
    get: {
      parameters: {
        query: {
          limit: number;
          purpose?: string;
          state?: 'due' | 'refunded';
          subject?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              refunds: {
                /** @description Amount to give back in đồng */
                amountVnd: number;
                /** Format: date-time */
                dueAt: string;
                purpose: string;
                /** @description Why nothing is owed: 'intent-cancelled' (the transfer came after the intent was cancelled) or the purpose's word (e.g. 'dossier-withdrawn') */
                reason: string;
                /** @description The intent the transfer named */
                reference: string;
                /** Format: date-time */
                refundedAt?: string;
                /** @description The account that recorded the refund */
                refundedBy?: string;
                /** @description The refund's own reference (the transfer back, or the voucher) */
                refundReference?: string;
                /** @enum {unknown} */
                state: 'due' | 'refunded';
                subject: string;
                /** @description The bank's transaction whose money is due back */
                transactionId: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `payments:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/refunds/{transactionId}/refunded': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Records that a refund due was made, with the refund's reference (the transfer back or the voucher); the same reference again changes nothing, another is 409; 404 when no refund is due for the transaction */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          transactionId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The refund's own reference */
            reference: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              refund: {
                /** @description Amount to give back in đồng */
                amountVnd: number;
                /** Format: date-time */
                dueAt: string;
                purpose: string;
                /** @description Why nothing is owed: 'intent-cancelled' (the transfer came after the intent was cancelled) or the purpose's word (e.g. 'dossier-withdrawn') */
                reason: string;
                /** @description The intent the transfer named */
                reference: string;
                /** Format: date-time */
                refundedAt?: string;
                /** @description The account that recorded the refund */
                refundedBy?: string;
                /** @description The refund's own reference (the transfer back, or the voucher) */
                refundReference?: string;
                /** @enum {unknown} */
                state: 'due' | 'refunded';
                subject: string;
                /** @description The bank's transaction whose money is due back */
                transactionId: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `payments:refund` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/personal-data/consents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a person giving or withdrawing consent for a purpose, with its evidence */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description e.g. form number, recording id */
            evidence: string;
            given: boolean;
            /** @description e.g. sms-air-quality-alerts */
            purpose: string;
            /** @description The person: exactly one of phone or nationalId */
            subject: {
              /** @description CCCD number */
              nationalId?: string;
              phone?: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              at: string;
              given: boolean;
              purpose: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/personal-data/consents/lookup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A person’s consent per purpose, and its history */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The person: exactly one of phone or nationalId */
            subject: {
              /** @description CCCD number */
              nationalId?: string;
              phone?: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              current: {
                /** Format: date-time */
                at: string;
                given: boolean;
                purpose: string;
              }[];
              history: {
                /** Format: date-time */
                at: string;
                evidence: string;
                given: boolean;
                purpose: string;
                recordedBy: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/personal-data/requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Data-subject requests, nearest deadline first */
    get: {
      parameters: {
        query: {
          limit: number;
          offset: number;
          /** @description true: received or in progress; false: closed */
          open?: boolean;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                completedAt: string | null;
                /** Format: date-time */
                dueAt: string;
                id: string;
                kind: string;
                note: string | null;
                overdue: boolean;
                /** Format: date-time */
                receivedAt: string;
                recordedBy: string;
                result: {
                  [key: string]: unknown;
                } | null;
                status: string;
                /** @description Phone or national id (masked without pii:read) */
                subject: string;
                subjectKind: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Record a data subject’s request; its deadline starts now */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            kind: 'access' | 'erasure' | 'correction' | 'objection';
            note?: string;
            /** @description The person: exactly one of phone or nationalId */
            subject: {
              /** @description CCCD number */
              nationalId?: string;
              phone?: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              completedAt: string | null;
              /** Format: date-time */
              dueAt: string;
              id: string;
              kind: string;
              note: string | null;
              overdue: boolean;
              /** Format: date-time */
              receivedAt: string;
              recordedBy: string;
              result: {
                [key: string]: unknown;
              } | null;
              status: string;
              /** @description Phone or national id (masked without pii:read) */
              subject: string;
              subjectKind: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/personal-data/requests/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One data-subject request */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              completedAt: string | null;
              /** Format: date-time */
              dueAt: string;
              id: string;
              kind: string;
              note: string | null;
              overdue: boolean;
              /** Format: date-time */
              receivedAt: string;
              recordedBy: string;
              result: {
                [key: string]: unknown;
              } | null;
              status: string;
              /** @description Phone or national id (masked without pii:read) */
              subject: string;
              subjectKind: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Move a request on (in progress, completed, rejected) or add a note */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            note?: string;
            status?: 'in-progress' | 'completed' | 'rejected';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              completedAt: string | null;
              /** Format: date-time */
              dueAt: string;
              id: string;
              kind: string;
              note: string | null;
              overdue: boolean;
              /** Format: date-time */
              receivedAt: string;
              recordedBy: string;
              result: {
                [key: string]: unknown;
              } | null;
              status: string;
              /** @description Phone or national id (masked without pii:read) */
              subject: string;
              subjectKind: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/personal-data/requests/{id}/erase': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Carry out an erasure request: every module erases or anonymises the person; the request completes */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              completedAt: string | null;
              /** Format: date-time */
              dueAt: string;
              id: string;
              kind: string;
              note: string | null;
              overdue: boolean;
              /** Format: date-time */
              receivedAt: string;
              recordedBy: string;
              result: {
                [key: string]: unknown;
              } | null;
              status: string;
              /** @description Phone or national id (masked without pii:read) */
              subject: string;
              subjectKind: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/personal-data/requests/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Everything the modules keep about the request’s person, in clear, as JSON (recorded in the audit trail) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              consents: {
                current: {
                  /** Format: date-time */
                  at: string;
                  given: boolean;
                  purpose: string;
                }[];
                history: {
                  /** Format: date-time */
                  at: string;
                  evidence: string;
                  given: boolean;
                  purpose: string;
                  recordedBy: string;
                }[];
              };
              /** Format: date-time */
              exportedAt: string;
              /** @description The data-subject request */
              request: string;
              /** @description Per module that keeps personal data: its records of the person, fields in clear (id included) */
              sources: {
                [key: string]: {
                  [key: string]: string | null;
                }[];
              };
              subject: {
                kind: string;
                value: string | null;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `personal-data:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A citizen's report from the citizens' page (Open311 apps POST requests); 429 when one source sends too many */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            addressId?: string;
            addressString?: string;
            /** @description attribute code → value(s) */
            attributes?: {
              [key: string]: string | string[];
            };
            /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
            contact?: {
              accountId?: string;
              deviceId?: string;
              email?: string;
              firstName?: string;
              lastName?: string;
              phone?: string;
            };
            description?: string;
            /** @enum {unknown} */
            language?: 'vi' | 'en';
            /** @description [lon, lat], WGS 84 */
            location?: [number, number];
            mediaIds?: string[];
            mediaUrls?: string[];
            serviceCode: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              serviceNotice: string;
              /** @description Keep it: it follows the report (the link in the messages carries it) */
              token: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One report with its timeline and the open reports near it of the same service */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              duplicates: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              }[];
              events: {
                actor?: string;
                /** Format: date-time */
                at: string;
                departmentId?: string;
                id: string;
                kind: string;
                mediaIds?: string[];
                public: boolean;
                reportId: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                text?: string;
              }[];
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/ask': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Asks the reporter for more (public; the clocks stop while waiting) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/level': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Changes the report's level (urgent: 4 working hours) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {unknown} */
            level: 'urgent' | 'normal' | 'complex';
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Closes the report as a duplicate of another open one */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            into: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/note': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An internal note on the timeline */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/receive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Receives a submitted report (409 from any other state) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rejects the report with a public reason */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resolves the report with a public answer (and photos) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            answer: string;
            mediaIds?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/supplement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The reporter's answer, taken by an officer (back to received) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            mediaIds?: string[];
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/{id}/transfer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Hands the report to another department, which receives it again */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            departmentId: string;
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/answer-media': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An officer's photo of the work done, for a public answer (the body is the image; JPEG, PNG or WebP by content, at most 5 MB) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bytes?: number;
              contentType?: string;
              hidden: boolean;
              id: string;
              url: string;
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/departments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The city's departments (ward committees are ward-<code>) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              departments: {
                id: string;
                /** @enum {unknown} */
                kind: 'city' | 'ward';
                name: {
                  en: string;
                  vi: string;
                };
                wardCode?: string;
              }[];
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/follow/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The reporter's view by the follow token: the report, its public events and what is asked of them */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              asked?: string;
              events: {
                /** Format: date-time */
                at: string;
                departmentId?: string;
                id: string;
                kind: string;
                mediaIds?: string[];
                public: boolean;
                reportId: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                text?: string;
              }[];
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/follow/{token}/push': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Tells this browser of the report's next public steps by web push (the body is PushSubscription.toJSON()) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            endpoint: string;
            expirationTime?: number | null;
            keys: {
              auth: string;
              p256dh: string;
            };
            language?: 'vi' | 'en';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              subscribed: boolean;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Stops telling this browser of the report by web push */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            endpoint: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              subscribed: boolean;
              was: boolean;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/follow/{token}/supplement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The reporter's answer to a question, by the follow token (409 unless the report waits on them) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            mediaIds?: string[];
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              report: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Another city's requests, kept as records (those already imported are skipped) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            requests: {
              address?: string;
              agencyResponsible?: string;
              description: string;
              externalId: string;
              lat?: number;
              lon?: number;
              mediaUrl?: string;
              requestedAt: string;
              serviceCode: string;
              serviceName?: string;
              /** @enum {unknown} */
              status: 'open' | 'closed';
              statusNotes?: string;
              updatedAt?: string;
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              imported: number;
              skipped: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/import/open311': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Another city's Open311 export (GET requests, JSON or XML), kept as records
     * @description Chicago-, Toronto- and FixMyStreet-style exports are read (empty elements, extensions, notes). Requests without an id or a date are skipped and counted; those already imported are skipped. At most 20 MB.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              imported: number;
              skipped: number;
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/insight': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** On-time rates by department and ward for reports submitted in a period; backlog and hot spots now */
    get: {
      parameters: {
        query?: {
          from?: string;
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              backlog: {
                department: string;
                open: number;
                overdue: number;
                waiting: number;
              }[];
              hotSpots: {
                open: number;
                overdue: number;
                wardCode: string;
                wardName: string;
              }[];
              onTime: {
                closed: number;
                department: string;
                onTime: number;
                /** @description onTime / closed; null when none closed */
                rate: number | null;
                total: number;
                ward: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:insight` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/media': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Uploads a photo (the body is the image; JPEG, PNG or WebP by content, at most 5 MB) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bytes?: number;
              contentType?: string;
              hidden: boolean;
              id: string;
              url: string;
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The outbox of messages to reporters, newest first (the local sender delivers by keeping them here) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          reportId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              messages: {
                attempts: number;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                deliveredAt?: string;
                eventKind: string;
                id: string;
                /** @enum {unknown} */
                language: 'vi' | 'en';
                lastError?: string;
                link: string;
                reportId: string;
                sender?: string;
                subject: string;
                text: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/nearby': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Open reports near a point (of a service): proposed as the same while a report is typed */
    get: {
      parameters: {
        query: {
          lat: number;
          lon: number;
          radius?: number;
          service?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              reports: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/push/key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The platform's VAPID public key: the applicationServerKey a browser subscribes with */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              publicKey: string;
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/queue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A department's queue, least time left first (contacts masked: open a report to see them) */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          department?: string;
          limit?: number;
          overdue?: boolean;
          state?: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              reports: {
                address?: string;
                addressId?: string;
                agencyResponsible: string;
                /** @description attribute code → value(s) */
                attributes: {
                  [key: string]: string | string[];
                };
                /** @enum {unknown} */
                channel: 'open311' | 'web' | 'import';
                clock: {
                  /** Format: date-time */
                  closedAt?: string;
                  /** @description Working minutes to the next deadline; negative when overdue */
                  minutesLeft?: number;
                  onTime?: boolean;
                  overdue: boolean;
                  paused: boolean;
                  /** Format: date-time */
                  receiveBy: string;
                  /** Format: date-time */
                  receivedAt?: string;
                  /** Format: date-time */
                  resolveBy: string;
                };
                /** @description Personal data: masked unless the reader handles reports or has pii:read (then audited) */
                contact: {
                  accountId?: string;
                  deviceId?: string;
                  email?: string;
                  firstName?: string;
                  lastName?: string;
                  phone?: string;
                };
                departmentId: string;
                /** @description Moderated; empty when hidden */
                description: string;
                /**
                 * Format: date-time
                 * @description When it is due to be resolved
                 */
                expectedAt?: string;
                hidden: boolean;
                /** @description e.g. 2026-000123 */
                id: string;
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                /** @description [lon, lat], WGS 84 */
                location?: [number, number];
                media: {
                  bytes?: number;
                  contentType?: string;
                  hidden: boolean;
                  id: string;
                  url: string;
                }[];
                mergedInto?: string;
                originalDescription?: string;
                /** Format: date-time */
                requestedAt: string;
                serviceCode: string;
                serviceName: string;
                serviceNotice?: string;
                /** @enum {unknown} */
                state: 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
                /** @enum {unknown} */
                status: 'open' | 'closed';
                /** @description The latest public answer or reason */
                statusNotes?: string;
                /** Format: date-time */
                updatedAt: string;
                wardCode?: string;
                wardName?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/services': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The services (categories) with their routing */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              services: {
                attributes: {
                  code: string;
                  /** @enum {unknown} */
                  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
                  description: {
                    en: string;
                    vi: string;
                  };
                  order: number;
                  required: boolean;
                  values?: {
                    key: string;
                    name: {
                      en: string;
                      vi: string;
                    };
                  }[];
                  variable: boolean;
                }[];
                code: string;
                description: {
                  en: string;
                  vi: string;
                };
                group: string;
                keywords: string[];
                /** @enum {unknown} */
                level: 'urgent' | 'normal' | 'complex';
                name: {
                  en: string;
                  vi: string;
                };
                question: boolean;
                resolveWorkingDays: number;
                routing:
                  | {
                      departmentId: string;
                      /** @enum {string} */
                      kind: 'department';
                    }
                  | {
                      /** @enum {string} */
                      kind: 'ward';
                    };
              }[];
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `reports:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/access': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ask for a one-time code sent to the dossier's contact (always 202: nothing says whether it matched) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The dossier code (mã hồ sơ) */
            code: string;
            /** @description The phone number or e-mail address given on the dossier */
            contact: string;
          };
        };
      };
      responses: {
        /** @description A code is on its way if the dossier and the contact go together */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/access/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Trade the dossier's one-time code for a token to follow it (8 hours) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The dossier code (mã hồ sơ) */
            code: string;
            /** @description The 6 digits received */
            otp: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              expiresAt: string;
              /** @description Send it as X-Applicant-Token on the my/ routes; shown once */
              token: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/agencies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The agencies that receive and handle dossiers: the city's, then every ward's People's Committee */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agencies: {
                code: string;
                /** @enum {unknown} */
                level: 'city' | 'commune';
                name: {
                  en: string;
                  vi: string;
                };
              }[];
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/agencies/mine': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The agencies the caller works for: an officer's own; all for admins, operators and viewers */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agencies: string[];
              all: boolean;
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/applicant': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the X-Applicant-Token proves (401 SERVICES_APPLICANT_UNKNOWN without a valid one) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | {
                  /** @description Masked but for its last digits */
                  idNumber?: string;
                  /** @enum {string} */
                  kind: 'identity';
                  name: string;
                }
              | {
                  code: string;
                  /** @enum {string} */
                  kind: 'dossier';
                };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/applicant/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the identity provider sends the applicant back; leads to /dich-vu-cong/ with the token (#session=) */
    get: {
      parameters: {
        query?: {
          state?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description To /dich-vu-cong/#session=<token>, or for a browser the error (#sso-error=<code>) */
        303: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/applicant/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Sign in as an applicant with the city account: redirects to the city's identity provider */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description To the city's identity provider */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/applicant/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the X-Applicant-Token before its time */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The token no longer works */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/book': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The dossier tracking book (form 07) of a period: JSON, CSV or PDF */
    get: {
      parameters: {
        query?: {
          agency?: string;
          format?: 'json' | 'csv' | 'pdf';
          /** @description The first day (YYYY-MM-DD, a Hanoi day, from its start) or an instant */
          from?: string;
          /** @description The last day (YYYY-MM-DD, a Hanoi day, included whole) or an instant (not included) */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The book */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              dossiers: {
                /** @description The office holding the dossier now */
                agency: string;
                channel: string;
                code: string;
                /** @description The agency that decides it ("cơ quan chủ trì giải quyết", as the PDF names it), whoever holds it */
                decidingAgency: string;
                /** Format: date-time */
                dueAt?: string;
                procedure: string;
                /** Format: date-time */
                receivedAt?: string;
                /** Format: date-time */
                returnedAt?: string;
                /** @enum {unknown} */
                state:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
                /** Format: date-time */
                submittedAt: string;
                timeliness?: 'early' | 'on-time' | 'late';
              }[];
              /** Format: date-time */
              from: string;
              /** Format: date-time */
              to: string;
            };
            'application/pdf': string;
            'text/csv': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/documents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An uploaded document or a result, as it was kept */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The document (its own type: PDF, JPEG or PNG) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/octet-stream': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/dossiers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Files a dossier (an applicant online; an officer with services:handle at the counter: channel 'counter') */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            applicant: {
              address?: string;
              email?: string;
              idNumber?: string;
              /** @enum {unknown} */
              kind: 'citizen' | 'business' | 'organisation';
              name?: string;
              phone?: string;
            };
            /** @enum {unknown} */
            channel?: 'online' | 'counter' | 'post';
            documents: {
              code: string;
              uploadId: string;
            }[];
            language?: 'vi' | 'en';
            procedure: string;
            values: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              /** Format: date-time */
              expiresAt?: string;
              fee: {
                payment?: {
                  qr: string;
                  qrSvg: string;
                  reference: string;
                };
                state: 'none' | 'due' | 'paid' | 'cancelled';
                totalVnd: number;
              };
              /** @enum {string} */
              state: 'submitted';
              /** @description The applicant's X-Applicant-Token; not given to an officer filing at the counter */
              token?: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              detail?: string;
              status: number;
              title?: string;
              type: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/dossiers/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A dossier in full (the applicant in clear to handlers, the read audited) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The officers' actions the state and the steps allow now to who asks (each judged again when taken): the steps (POST /dossiers/{code}/{action}) and, while the fee is due, `fee-paid-at-counter` (POST /dossiers/{code}/fee/paid-at-counter) */
              actions: (
                | 'receive'
                | 'reject'
                | 'request-supplement'
                | 'start'
                | 'hand-off'
                | 'extend'
                | 'stop'
                | 'result'
                | 'return'
                | 'note'
                | 'fee-paid-at-counter'
              )[];
              /** @description The name of every agency the dossier names (its own, its steps’, its timeline’s) */
              agencies: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              agency: string;
              applicant: {
                address: string | null;
                email: string | null;
                idNumber: string | null;
                kind: string;
                name: string | null;
                phone: string | null;
              };
              asked?: {
                /** Format: date-time */
                at: string;
                items: string[];
                note: string;
              };
              channel: string;
              code: string;
              /** @description The agency that decides and signs the result */
              decidingAgency: string;
              documents: {
                bytes: number;
                code: string | null;
                contentType: string;
                id: string;
                name: string;
                scan: string;
              }[];
              /** Format: date-time */
              dueAt?: string;
              extensionDays: number;
              fee: {
                /** @description The number of the receipt given at the counter, when paid there */
                receipt?: string;
                reference?: string;
                /** @description Money received for the fee that nothing is owed for: due back, or refunded */
                refunds?: {
                  amountVnd: number;
                  /** Format: date-time */
                  dueAt: string;
                  /** @description 'intent-cancelled' (a transfer after the fee's payment was cancelled), 'dossier-withdrawn', 'dossier-rejected' or 'dossier-stopped' (paid as it closed) */
                  reason: string;
                  /** @description The payment intent the transfer named */
                  reference: string;
                  /** Format: date-time */
                  refundedAt?: string;
                  refundReference?: string;
                  state: 'due' | 'refunded';
                  /** @description The bank's transaction whose money is due back */
                  transactionId: string;
                }[];
                state: 'none' | 'due' | 'paid' | 'cancelled';
                totalVnd: number;
              };
              forms: ('01' | '02' | '03' | '04' | '05' | '06' | '07')[];
              language: string;
              officer?: string;
              procedure: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                version: number;
              };
              rating?: number;
              /** Format: date-time */
              receivedAt?: string;
              result?: {
                id: string;
                sha256: string;
              };
              /** Format: date-time */
              returnedAt?: string;
              /** @enum {unknown} */
              state:
                | 'submitted'
                | 'received'
                | 'processing'
                | 'supplement'
                | 'result-ready'
                | 'returned'
                | 'rejected'
                | 'stopped'
                | 'withdrawn';
              /** Format: date-time */
              stepDueAt?: string;
              stepIndex: number;
              /** @description The procedure's steps, each with the agency that does it for this dossier; `stepIndex` is the current one */
              steps: {
                agency: string;
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              /** Format: date-time */
              submittedAt: string;
              timeline: {
                /** Format: date-time */
                at: string;
                by?: string;
                fromAgency?: string;
                /** @enum {unknown} */
                fromState?:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
                kind: string;
                note?: string;
                text: {
                  en: string;
                  vi: string;
                };
                toAgency?: string;
                /** @enum {unknown} */
                toState?:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
              }[];
              timeliness?: 'early' | 'on-time' | 'late';
              values: {
                [key: string]: string | number | boolean;
              };
              /** @description How the applicant's identity was checked when filing: the city's sign-on, or none */
              verified: 'sign-on' | 'none';
              /** @description The names of the wards the form's answers name, by official code */
              wards: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/dossiers/{code}/{action}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A step of the dossier: receive, reject {reason}, request-supplement {items, note}, start, hand-off {toAgency?, toOfficer?, note?}, extend {days, reason}, stop {reason}, result {title, body}, return, note {text} */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          action:
            | 'receive'
            | 'reject'
            | 'request-supplement'
            | 'start'
            | 'hand-off'
            | 'extend'
            | 'stop'
            | 'result'
            | 'return'
            | 'note';
          code: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            body?: string[];
            days?: number;
            items?: string[];
            note?: string;
            reason?: string;
            text?: string;
            title?: string;
            toAgency?: string;
            toOfficer?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The officers' actions the state and the steps allow now to who asks (each judged again when taken): the steps (POST /dossiers/{code}/{action}) and, while the fee is due, `fee-paid-at-counter` (POST /dossiers/{code}/fee/paid-at-counter) */
              actions: (
                | 'receive'
                | 'reject'
                | 'request-supplement'
                | 'start'
                | 'hand-off'
                | 'extend'
                | 'stop'
                | 'result'
                | 'return'
                | 'note'
                | 'fee-paid-at-counter'
              )[];
              /** @description The name of every agency the dossier names (its own, its steps’, its timeline’s) */
              agencies: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              agency: string;
              applicant: {
                address: string | null;
                email: string | null;
                idNumber: string | null;
                kind: string;
                name: string | null;
                phone: string | null;
              };
              asked?: {
                /** Format: date-time */
                at: string;
                items: string[];
                note: string;
              };
              channel: string;
              code: string;
              /** @description The agency that decides and signs the result */
              decidingAgency: string;
              documents: {
                bytes: number;
                code: string | null;
                contentType: string;
                id: string;
                name: string;
                scan: string;
              }[];
              /** Format: date-time */
              dueAt?: string;
              extensionDays: number;
              fee: {
                /** @description The number of the receipt given at the counter, when paid there */
                receipt?: string;
                reference?: string;
                /** @description Money received for the fee that nothing is owed for: due back, or refunded */
                refunds?: {
                  amountVnd: number;
                  /** Format: date-time */
                  dueAt: string;
                  /** @description 'intent-cancelled' (a transfer after the fee's payment was cancelled), 'dossier-withdrawn', 'dossier-rejected' or 'dossier-stopped' (paid as it closed) */
                  reason: string;
                  /** @description The payment intent the transfer named */
                  reference: string;
                  /** Format: date-time */
                  refundedAt?: string;
                  refundReference?: string;
                  state: 'due' | 'refunded';
                  /** @description The bank's transaction whose money is due back */
                  transactionId: string;
                }[];
                state: 'none' | 'due' | 'paid' | 'cancelled';
                totalVnd: number;
              };
              forms: ('01' | '02' | '03' | '04' | '05' | '06' | '07')[];
              language: string;
              officer?: string;
              procedure: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                version: number;
              };
              rating?: number;
              /** Format: date-time */
              receivedAt?: string;
              result?: {
                id: string;
                sha256: string;
              };
              /** Format: date-time */
              returnedAt?: string;
              /** @enum {unknown} */
              state:
                | 'submitted'
                | 'received'
                | 'processing'
                | 'supplement'
                | 'result-ready'
                | 'returned'
                | 'rejected'
                | 'stopped'
                | 'withdrawn';
              /** Format: date-time */
              stepDueAt?: string;
              stepIndex: number;
              /** @description The procedure's steps, each with the agency that does it for this dossier; `stepIndex` is the current one */
              steps: {
                agency: string;
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              /** Format: date-time */
              submittedAt: string;
              timeline: {
                /** Format: date-time */
                at: string;
                by?: string;
                fromAgency?: string;
                /** @enum {unknown} */
                fromState?:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
                kind: string;
                note?: string;
                text: {
                  en: string;
                  vi: string;
                };
                toAgency?: string;
                /** @enum {unknown} */
                toState?:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
              }[];
              timeliness?: 'early' | 'on-time' | 'late';
              values: {
                [key: string]: string | number | boolean;
              };
              /** @description How the applicant's identity was checked when filing: the city's sign-on, or none */
              verified: 'sign-on' | 'none';
              /** @description The names of the wards the form's answers name, by official code */
              wards: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/dossiers/{code}/fee/paid-at-counter': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The dossier's fee paid at the counter, recorded by an officer of the agency that has it, with the number of the receipt given (409 SERVICES_FEE_NOT_DUE unless due); its VietQR code then pays nothing */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            receipt: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The officers' actions the state and the steps allow now to who asks (each judged again when taken): the steps (POST /dossiers/{code}/{action}) and, while the fee is due, `fee-paid-at-counter` (POST /dossiers/{code}/fee/paid-at-counter) */
              actions: (
                | 'receive'
                | 'reject'
                | 'request-supplement'
                | 'start'
                | 'hand-off'
                | 'extend'
                | 'stop'
                | 'result'
                | 'return'
                | 'note'
                | 'fee-paid-at-counter'
              )[];
              /** @description The name of every agency the dossier names (its own, its steps’, its timeline’s) */
              agencies: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              agency: string;
              applicant: {
                address: string | null;
                email: string | null;
                idNumber: string | null;
                kind: string;
                name: string | null;
                phone: string | null;
              };
              asked?: {
                /** Format: date-time */
                at: string;
                items: string[];
                note: string;
              };
              channel: string;
              code: string;
              /** @description The agency that decides and signs the result */
              decidingAgency: string;
              documents: {
                bytes: number;
                code: string | null;
                contentType: string;
                id: string;
                name: string;
                scan: string;
              }[];
              /** Format: date-time */
              dueAt?: string;
              extensionDays: number;
              fee: {
                /** @description The number of the receipt given at the counter, when paid there */
                receipt?: string;
                reference?: string;
                /** @description Money received for the fee that nothing is owed for: due back, or refunded */
                refunds?: {
                  amountVnd: number;
                  /** Format: date-time */
                  dueAt: string;
                  /** @description 'intent-cancelled' (a transfer after the fee's payment was cancelled), 'dossier-withdrawn', 'dossier-rejected' or 'dossier-stopped' (paid as it closed) */
                  reason: string;
                  /** @description The payment intent the transfer named */
                  reference: string;
                  /** Format: date-time */
                  refundedAt?: string;
                  refundReference?: string;
                  state: 'due' | 'refunded';
                  /** @description The bank's transaction whose money is due back */
                  transactionId: string;
                }[];
                state: 'none' | 'due' | 'paid' | 'cancelled';
                totalVnd: number;
              };
              forms: ('01' | '02' | '03' | '04' | '05' | '06' | '07')[];
              language: string;
              officer?: string;
              procedure: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                version: number;
              };
              rating?: number;
              /** Format: date-time */
              receivedAt?: string;
              result?: {
                id: string;
                sha256: string;
              };
              /** Format: date-time */
              returnedAt?: string;
              /** @enum {unknown} */
              state:
                | 'submitted'
                | 'received'
                | 'processing'
                | 'supplement'
                | 'result-ready'
                | 'returned'
                | 'rejected'
                | 'stopped'
                | 'withdrawn';
              /** Format: date-time */
              stepDueAt?: string;
              stepIndex: number;
              /** @description The procedure's steps, each with the agency that does it for this dossier; `stepIndex` is the current one */
              steps: {
                agency: string;
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              /** Format: date-time */
              submittedAt: string;
              timeline: {
                /** Format: date-time */
                at: string;
                by?: string;
                fromAgency?: string;
                /** @enum {unknown} */
                fromState?:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
                kind: string;
                note?: string;
                text: {
                  en: string;
                  vi: string;
                };
                toAgency?: string;
                /** @enum {unknown} */
                toState?:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
              }[];
              timeliness?: 'early' | 'on-time' | 'late';
              values: {
                [key: string]: string | number | boolean;
              };
              /** @description How the applicant's identity was checked when filing: the city's sign-on, or none */
              verified: 'sign-on' | 'none';
              /** @description The names of the wards the form's answers name, by official code */
              wards: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:handle` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/dossiers/{code}/forms/{kind}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the dossier's forms (Circular 03/2025, 01–06); form 04 of the `extension` asked for (1 the first; unset, the latest), 404 SERVICES_EXTENSION_NOT_MADE for one not made */
    get: {
      parameters: {
        query?: {
          extension?: number;
        };
        header?: never;
        path: {
          code: string;
          kind: '01' | '02' | '03' | '04' | '05' | '06' | '07';
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The form */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/pdf': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/dossiers/{code}/result': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed electronic result */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The signed result */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/pdf': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/index': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Decision 766 service index of a period, city-wide and per agency (the criteria this system can compute) */
    get: {
      parameters: {
        query?: {
          agency?: string;
          /** @description The first day (YYYY-MM-DD, a Hanoi day, from its start) or an instant */
          from?: string;
          /** @description The last day (YYYY-MM-DD, a Hanoi day, included whole) or an instant (not included) */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agencies: {
                agency: string;
                figures: {
                  averageHandlingDays: number | null;
                  criteria: {
                    code: string;
                    denominator: number;
                    group: string;
                    numerator: number;
                    rate: number | null;
                    scored: boolean;
                  }[];
                  dossiers: number;
                  groups: {
                    group: string;
                    max: number;
                    points: number | null;
                  }[];
                  outOf: number;
                  points: number;
                  returned: number;
                };
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              city: {
                averageHandlingDays: number | null;
                criteria: {
                  code: string;
                  denominator: number;
                  group: string;
                  numerator: number;
                  rate: number | null;
                  scored: boolean;
                }[];
                dossiers: number;
                groups: {
                  group: string;
                  max: number;
                  points: number | null;
                }[];
                outOf: number;
                points: number;
                returned: number;
              };
              /** Format: date-time */
              from: string;
              /** Format: date-time */
              to: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:index` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/index/trend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Decision 766 service index month by month (Hanoi months, this one last), of the city or, with `agency`, of the agency that decides the dossiers (400 SERVICES_AGENCY_UNKNOWN for one not in the catalogue) */
    get: {
      parameters: {
        query?: {
          agency?: string;
          months?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agency?: string;
              months: {
                figures: {
                  averageHandlingDays: number | null;
                  criteria: {
                    code: string;
                    denominator: number;
                    group: string;
                    numerator: number;
                    rate: number | null;
                    scored: boolean;
                  }[];
                  dossiers: number;
                  groups: {
                    group: string;
                    max: number;
                    points: number | null;
                  }[];
                  outOf: number;
                  points: number;
                  returned: number;
                };
                month: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:index` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The applicant's dossiers (X-Applicant-Token) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              dossiers: {
                code: string;
                /** Format: date-time */
                dueAt?: string;
                procedure: {
                  code: string;
                  name: {
                    en: string;
                    vi: string;
                  };
                };
                /** @enum {unknown} */
                state:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
                /** Format: date-time */
                submittedAt: string;
              }[];
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the applicant's dossiers */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The office holding the dossier now */
              agency: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              };
              asked?: {
                /** Format: date-time */
                at: string;
                items: string[];
                note: string;
              };
              closed?: {
                action: 'reject' | 'stop' | 'withdraw';
                /** Format: date-time */
                at: string;
                reason?: string;
              };
              code: string;
              /** @description The agency that decides the dossier: its result is issued in that name */
              decidingAgency: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              };
              documents: {
                code: string;
                name: string;
              }[];
              /** Format: date-time */
              dueAt?: string;
              fee: {
                /** @description How the paid fee was paid: by VietQR bank transfer, or at the counter */
                channel?: 'transfer' | 'counter';
                payment?: {
                  qr: string;
                  qrSvg: string;
                  reference: string;
                };
                /** @description The number of the receipt given at the counter, when paid there */
                receipt?: string;
                state: 'none' | 'due' | 'paid' | 'cancelled';
                totalVnd: number;
              };
              forms: ('01' | '02' | '03' | '04' | '05' | '06' | '07')[];
              procedure: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              };
              rating?: number;
              /** Format: date-time */
              receivedAt?: string;
              result?: {
                /** @enum {boolean} */
                available: true;
              };
              /**
               * Format: date-time
               * @description When the result was handed to the applicant
               */
              returnedAt?: string;
              /** @enum {unknown} */
              state:
                | 'submitted'
                | 'received'
                | 'processing'
                | 'supplement'
                | 'result-ready'
                | 'returned'
                | 'rejected'
                | 'stopped'
                | 'withdrawn';
              /** Format: date-time */
              submittedAt: string;
              timeline: {
                /** Format: date-time */
                at: string;
                kind: string;
                text: {
                  en: string;
                  vi: string;
                };
              }[];
              timeliness?: 'early' | 'on-time' | 'late';
              /** @description What the applicant filed (as supplemented), by the form's field ids: their own answers, in clear */
              values: {
                [key: string]: string | number | boolean;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers/{code}/forms/{kind}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the dossier's forms (Circular 03/2025, 01–06); form 04 of the `extension` asked for (1 the first; unset, the latest), 404 SERVICES_EXTENSION_NOT_MADE for one not made */
    get: {
      parameters: {
        query?: {
          extension?: number;
        };
        header?: never;
        path: {
          code: string;
          kind: '01' | '02' | '03' | '04' | '05' | '06' | '07';
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The form */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/pdf': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers/{code}/rating': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The applicant rates the service once the result is returned (once) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            comment?: string;
            score: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              rating: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers/{code}/receipt': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The receipt of the dossier's fee (once paid) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers/{code}/result': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed electronic result */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The signed result */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/pdf': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers/{code}/supplement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The applicant completes the dossier as asked: values and documents; the clock runs again */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            documents?: {
              code: string;
              uploadId: string;
            }[];
            note?: string;
            values?: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              /** @enum {unknown} */
              state:
                | 'submitted'
                | 'received'
                | 'processing'
                | 'supplement'
                | 'result-ready'
                | 'returned'
                | 'rejected'
                | 'stopped'
                | 'withdrawn';
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/my/dossiers/{code}/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The applicant takes the dossier back (before a result) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              /** @enum {unknown} */
              state:
                | 'submitted'
                | 'received'
                | 'processing'
                | 'supplement'
                | 'result-ready'
                | 'returned'
                | 'rejected'
                | 'stopped'
                | 'withdrawn';
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/portal/outbox': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Events for the National Public Service Portal, newest first, with their delivery; with `dossier`, that dossier's latest 200, in the order sent */
    get: {
      parameters: {
        query?: {
          dossier?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              events: {
                attempts: number;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                deliveredAt?: string;
                dossier: string;
                id: number;
                kind: string;
                lastError?: string;
                /** Format: date-time */
                nextAt: string;
                payload: {
                  [key: string]: unknown;
                };
              }[];
              receiver: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:catalogue` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/portal/received': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What the local national-portal receiver got, newest first; with `dossier`, that dossier's latest 200, in the order received */
    get: {
      parameters: {
        query?: {
          dossier?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              events: {
                dossier: string;
                eventId: number;
                kind: string;
                payload: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                receivedAt: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:catalogue` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/procedures': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The procedures offered online; `q` matches names with or without Vietnamese marks */
    get: {
      parameters: {
        query?: {
          agency?: string;
          /** @description A field (lĩnh vực), e.g. "Hộ tịch" */
          field?: string;
          level?: 'city' | 'commune';
          q?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              procedures: {
                agency: string;
                code: string;
                /** @description What every applicant pays at least */
                feeFromVnd: number;
                field: {
                  en: string;
                  vi: string;
                };
                /** @enum {unknown} */
                level: 'city' | 'commune';
                limitDays: number;
                name: {
                  en: string;
                  vi: string;
                };
                /** @enum {unknown} */
                onlineLevel: 'full' | 'partial';
                version: number;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Adds a procedure to the catalogue (version 1); 400 lists every problem, 409 if the code is taken */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The agency that decides and signs the result */
            agency: string;
            /** @description A ward field of the form: the dossier goes to that ward's People's Committee */
            agencyByWard?: string;
            allocation?: {
              /** @description The id-number field with the pupil's ID: one open or returned enrolment per pupil a school year */
              pupilField?: string;
              schoolField: string;
              schools: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                places: number;
                wards: string[];
              }[];
              wardField: string;
            };
            applicants: ('citizen' | 'business' | 'organisation')[];
            /** @description The code in the National Database on Administrative Procedures */
            code: string;
            documents: {
              accept: ('pdf' | 'jpeg' | 'png')[];
              code: string;
              name: {
                en: string;
                vi: string;
              };
              required: boolean;
              template?: string;
              /** @description Holds when the form's field equals a value, is one of some, or is answered */
              when?: {
                /** @description Text, a number or true/false */
                equals?: unknown;
                field: string;
                /** @enum {boolean} */
                filled?: true;
                in?: string[];
              };
            }[];
            fees: {
              amountVnd: number;
              /** @description Each unit also charged by its count at these rates (2,000 đồng pages 1–2, 1,000 from 3) */
              byCount?: {
                /** @description A number field: each unit's count (e.g. the original's pages) */
                field: string;
                rates: {
                  /** @description Đồng for each, until the next rate */
                  amountVnd: number;
                  /** @description The first counted one at this rate (the first rate: 1) */
                  from: number;
                }[];
              };
              code: string;
              name: {
                en: string;
                vi: string;
              };
              /** @description Multiplied by this number field's value (the units, e.g. copies) */
              perField?: string;
              /** @description The most one unit costs (e.g. 200,000 đồng a copy) */
              unitCapVnd?: number;
              /** @description Holds when the form's field equals a value, is one of some, or is answered */
              when?: {
                /** @description Text, a number or true/false */
                equals?: unknown;
                field: string;
                /** @enum {boolean} */
                filled?: true;
                in?: string[];
              };
            }[];
            field: {
              en: string;
              vi: string;
            };
            form: {
              sections: {
                fields: {
                  /**
                   * @description The applicant's own particular this field gives (a parent's name on a pupil's enrolment): the citizens' page files the applicant from it
                   * @enum {unknown}
                   */
                  applicant?: 'name' | 'idNumber' | 'phone' | 'email' | 'address';
                  help?: {
                    en: string;
                    vi: string;
                  };
                  id: string;
                  /** @description A number field that takes whole numbers only (a count) */
                  integer?: boolean;
                  label: {
                    en: string;
                    vi: string;
                  };
                  /** @description number: a number; date: "today" or YYYY-MM-DD */
                  max?: unknown;
                  maxLength?: number;
                  /** @description number: a number; date: "today" or YYYY-MM-DD */
                  min?: unknown;
                  minLength?: number;
                  options?: {
                    label: {
                      en: string;
                      vi: string;
                    };
                    value: string;
                  }[];
                  pattern?: string;
                  patternHint?: {
                    en: string;
                    vi: string;
                  };
                  /** @enum {unknown} */
                  personal?: 'name' | 'phone' | 'email' | 'national-id' | 'address' | 'birth-date' | 'other';
                  requester?:
                    | true
                    | {
                        /** @description Text, a number or true/false */
                        equals?: unknown;
                        field: string;
                        /** @enum {boolean} */
                        filled?: true;
                        in?: string[];
                      };
                  required?: boolean;
                  /** @enum {unknown} */
                  type:
                    | 'text'
                    | 'textarea'
                    | 'number'
                    | 'date'
                    | 'select'
                    | 'radio'
                    | 'checkbox'
                    | 'email'
                    | 'phone'
                    | 'id-number'
                    | 'ward';
                  /** @description Holds when the form's field equals a value, is one of some, or is answered */
                  when?: {
                    /** @description Text, a number or true/false */
                    equals?: unknown;
                    field: string;
                    /** @enum {boolean} */
                    filled?: true;
                    in?: string[];
                  };
                }[];
                id: string;
                title: {
                  en: string;
                  vi: string;
                };
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
            };
            legalBasis: string[];
            /** @enum {unknown} */
            level: 'city' | 'commune';
            /** @description The legal time limit, in working days from receipt */
            limitDays: number;
            name: {
              en: string;
              vi: string;
            };
            /** @enum {unknown} */
            onlineLevel: 'full' | 'partial';
            published: boolean;
            result: {
              electronic: boolean;
              /** @enum {unknown} */
              kind: 'certificate' | 'permit' | 'confirmation' | 'decision' | 'copy' | 'admission';
              name: {
                en: string;
                vi: string;
              };
              /** @description Whom the result is about when not the applicant (a birth certificate's child): form fields */
              subject?: {
                applicantLabel: {
                  en: string;
                  vi: string;
                };
                birthDateField?: string;
                label: {
                  en: string;
                  vi: string;
                };
                nameField: string;
              };
            };
            steps: {
              agency: string;
              code: string;
              /** @description Its share of the time limit, in working days */
              days: number;
              name: {
                en: string;
                vi: string;
              };
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The agency that decides and signs the result */
              agency: string;
              /** @description A ward field of the form: the dossier goes to that ward's People's Committee */
              agencyByWard?: string;
              allocation?: {
                /** @description The id-number field with the pupil's ID: one open or returned enrolment per pupil a school year */
                pupilField?: string;
                schoolField: string;
                schools: {
                  code: string;
                  name: {
                    en: string;
                    vi: string;
                  };
                  places: number;
                  wards: string[];
                }[];
                wardField: string;
              };
              applicants: ('citizen' | 'business' | 'organisation')[];
              /** @description The code in the National Database on Administrative Procedures */
              code: string;
              documents: {
                accept: ('pdf' | 'jpeg' | 'png')[];
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                required: boolean;
                template?: string;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              fees: {
                amountVnd: number;
                /** @description Each unit also charged by its count at these rates (2,000 đồng pages 1–2, 1,000 from 3) */
                byCount?: {
                  /** @description A number field: each unit's count (e.g. the original's pages) */
                  field: string;
                  rates: {
                    /** @description Đồng for each, until the next rate */
                    amountVnd: number;
                    /** @description The first counted one at this rate (the first rate: 1) */
                    from: number;
                  }[];
                };
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Multiplied by this number field's value (the units, e.g. copies) */
                perField?: string;
                /** @description The most one unit costs (e.g. 200,000 đồng a copy) */
                unitCapVnd?: number;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              field: {
                en: string;
                vi: string;
              };
              form: {
                sections: {
                  fields: {
                    /**
                     * @description The applicant's own particular this field gives (a parent's name on a pupil's enrolment): the citizens' page files the applicant from it
                     * @enum {unknown}
                     */
                    applicant?: 'name' | 'idNumber' | 'phone' | 'email' | 'address';
                    help?: {
                      en: string;
                      vi: string;
                    };
                    id: string;
                    /** @description A number field that takes whole numbers only (a count) */
                    integer?: boolean;
                    label: {
                      en: string;
                      vi: string;
                    };
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    max?: unknown;
                    maxLength?: number;
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    min?: unknown;
                    minLength?: number;
                    options?: {
                      label: {
                        en: string;
                        vi: string;
                      };
                      value: string;
                    }[];
                    pattern?: string;
                    patternHint?: {
                      en: string;
                      vi: string;
                    };
                    /** @enum {unknown} */
                    personal?: 'name' | 'phone' | 'email' | 'national-id' | 'address' | 'birth-date' | 'other';
                    requester?:
                      | true
                      | {
                          /** @description Text, a number or true/false */
                          equals?: unknown;
                          field: string;
                          /** @enum {boolean} */
                          filled?: true;
                          in?: string[];
                        };
                    required?: boolean;
                    /** @enum {unknown} */
                    type:
                      | 'text'
                      | 'textarea'
                      | 'number'
                      | 'date'
                      | 'select'
                      | 'radio'
                      | 'checkbox'
                      | 'email'
                      | 'phone'
                      | 'id-number'
                      | 'ward';
                    /** @description Holds when the form's field equals a value, is one of some, or is answered */
                    when?: {
                      /** @description Text, a number or true/false */
                      equals?: unknown;
                      field: string;
                      /** @enum {boolean} */
                      filled?: true;
                      in?: string[];
                    };
                  }[];
                  id: string;
                  title: {
                    en: string;
                    vi: string;
                  };
                  /** @description Holds when the form's field equals a value, is one of some, or is answered */
                  when?: {
                    /** @description Text, a number or true/false */
                    equals?: unknown;
                    field: string;
                    /** @enum {boolean} */
                    filled?: true;
                    in?: string[];
                  };
                }[];
              };
              legalBasis: string[];
              /** @enum {unknown} */
              level: 'city' | 'commune';
              /** @description The legal time limit, in working days from receipt */
              limitDays: number;
              name: {
                en: string;
                vi: string;
              };
              /** @enum {unknown} */
              onlineLevel: 'full' | 'partial';
              published: boolean;
              result: {
                electronic: boolean;
                /** @enum {unknown} */
                kind: 'certificate' | 'permit' | 'confirmation' | 'decision' | 'copy' | 'admission';
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Whom the result is about when not the applicant (a birth certificate's child): form fields */
                subject?: {
                  applicantLabel: {
                    en: string;
                    vi: string;
                  };
                  birthDateField?: string;
                  label: {
                    en: string;
                    vi: string;
                  };
                  nameField: string;
                };
              };
              steps: {
                agency: string;
                code: string;
                /** @description Its share of the time limit, in working days */
                days: number;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              /** Format: date-time */
              updatedAt: string;
              version: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:catalogue` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/procedures/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A procedure offered online, as it is now: steps, time limit, fees, documents and its e-form */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The agency that decides and signs the result */
              agency: string;
              /** @description A ward field of the form: the dossier goes to that ward's People's Committee */
              agencyByWard?: string;
              allocation?: {
                /** @description The id-number field with the pupil's ID: one open or returned enrolment per pupil a school year */
                pupilField?: string;
                schoolField: string;
                schools: {
                  code: string;
                  name: {
                    en: string;
                    vi: string;
                  };
                  places: number;
                  wards: string[];
                }[];
                wardField: string;
              };
              applicants: ('citizen' | 'business' | 'organisation')[];
              /** @description The code in the National Database on Administrative Procedures */
              code: string;
              documents: {
                accept: ('pdf' | 'jpeg' | 'png')[];
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                required: boolean;
                template?: string;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              fees: {
                amountVnd: number;
                /** @description Each unit also charged by its count at these rates (2,000 đồng pages 1–2, 1,000 from 3) */
                byCount?: {
                  /** @description A number field: each unit's count (e.g. the original's pages) */
                  field: string;
                  rates: {
                    /** @description Đồng for each, until the next rate */
                    amountVnd: number;
                    /** @description The first counted one at this rate (the first rate: 1) */
                    from: number;
                  }[];
                };
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Multiplied by this number field's value (the units, e.g. copies) */
                perField?: string;
                /** @description The most one unit costs (e.g. 200,000 đồng a copy) */
                unitCapVnd?: number;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              field: {
                en: string;
                vi: string;
              };
              form: {
                sections: {
                  fields: {
                    /**
                     * @description The applicant's own particular this field gives (a parent's name on a pupil's enrolment): the citizens' page files the applicant from it
                     * @enum {unknown}
                     */
                    applicant?: 'name' | 'idNumber' | 'phone' | 'email' | 'address';
                    help?: {
                      en: string;
                      vi: string;
                    };
                    id: string;
                    /** @description A number field that takes whole numbers only (a count) */
                    integer?: boolean;
                    label: {
                      en: string;
                      vi: string;
                    };
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    max?: unknown;
                    maxLength?: number;
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    min?: unknown;
                    minLength?: number;
                    options?: {
                      label: {
                        en: string;
                        vi: string;
                      };
                      value: string;
                    }[];
                    pattern?: string;
                    patternHint?: {
                      en: string;
                      vi: string;
                    };
                    /** @enum {unknown} */
                    personal?: 'name' | 'phone' | 'email' | 'national-id' | 'address' | 'birth-date' | 'other';
                    requester?:
                      | true
                      | {
                          /** @description Text, a number or true/false */
                          equals?: unknown;
                          field: string;
                          /** @enum {boolean} */
                          filled?: true;
                          in?: string[];
                        };
                    required?: boolean;
                    /** @enum {unknown} */
                    type:
                      | 'text'
                      | 'textarea'
                      | 'number'
                      | 'date'
                      | 'select'
                      | 'radio'
                      | 'checkbox'
                      | 'email'
                      | 'phone'
                      | 'id-number'
                      | 'ward';
                    /** @description Holds when the form's field equals a value, is one of some, or is answered */
                    when?: {
                      /** @description Text, a number or true/false */
                      equals?: unknown;
                      field: string;
                      /** @enum {boolean} */
                      filled?: true;
                      in?: string[];
                    };
                  }[];
                  id: string;
                  title: {
                    en: string;
                    vi: string;
                  };
                  /** @description Holds when the form's field equals a value, is one of some, or is answered */
                  when?: {
                    /** @description Text, a number or true/false */
                    equals?: unknown;
                    field: string;
                    /** @enum {boolean} */
                    filled?: true;
                    in?: string[];
                  };
                }[];
              };
              legalBasis: string[];
              /** @enum {unknown} */
              level: 'city' | 'commune';
              /** @description The legal time limit, in working days from receipt */
              limitDays: number;
              name: {
                en: string;
                vi: string;
              };
              /** @enum {unknown} */
              onlineLevel: 'full' | 'partial';
              published: boolean;
              result: {
                electronic: boolean;
                /** @enum {unknown} */
                kind: 'certificate' | 'permit' | 'confirmation' | 'decision' | 'copy' | 'admission';
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Whom the result is about when not the applicant (a birth certificate's child): form fields */
                subject?: {
                  applicantLabel: {
                    en: string;
                    vi: string;
                  };
                  birthDateField?: string;
                  label: {
                    en: string;
                    vi: string;
                  };
                  nameField: string;
                };
              };
              steps: {
                agency: string;
                code: string;
                /** @description Its share of the time limit, in working days */
                days: number;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              /** Format: date-time */
              updatedAt: string;
              version: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Changes a procedure: a new version when anything but `published` changed (dossiers keep theirs); 400 lists every problem */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The agency that decides and signs the result */
            agency: string;
            /** @description A ward field of the form: the dossier goes to that ward's People's Committee */
            agencyByWard?: string;
            allocation?: {
              /** @description The id-number field with the pupil's ID: one open or returned enrolment per pupil a school year */
              pupilField?: string;
              schoolField: string;
              schools: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                places: number;
                wards: string[];
              }[];
              wardField: string;
            };
            applicants: ('citizen' | 'business' | 'organisation')[];
            /** @description The code in the National Database on Administrative Procedures */
            code: string;
            documents: {
              accept: ('pdf' | 'jpeg' | 'png')[];
              code: string;
              name: {
                en: string;
                vi: string;
              };
              required: boolean;
              template?: string;
              /** @description Holds when the form's field equals a value, is one of some, or is answered */
              when?: {
                /** @description Text, a number or true/false */
                equals?: unknown;
                field: string;
                /** @enum {boolean} */
                filled?: true;
                in?: string[];
              };
            }[];
            fees: {
              amountVnd: number;
              /** @description Each unit also charged by its count at these rates (2,000 đồng pages 1–2, 1,000 from 3) */
              byCount?: {
                /** @description A number field: each unit's count (e.g. the original's pages) */
                field: string;
                rates: {
                  /** @description Đồng for each, until the next rate */
                  amountVnd: number;
                  /** @description The first counted one at this rate (the first rate: 1) */
                  from: number;
                }[];
              };
              code: string;
              name: {
                en: string;
                vi: string;
              };
              /** @description Multiplied by this number field's value (the units, e.g. copies) */
              perField?: string;
              /** @description The most one unit costs (e.g. 200,000 đồng a copy) */
              unitCapVnd?: number;
              /** @description Holds when the form's field equals a value, is one of some, or is answered */
              when?: {
                /** @description Text, a number or true/false */
                equals?: unknown;
                field: string;
                /** @enum {boolean} */
                filled?: true;
                in?: string[];
              };
            }[];
            field: {
              en: string;
              vi: string;
            };
            form: {
              sections: {
                fields: {
                  /**
                   * @description The applicant's own particular this field gives (a parent's name on a pupil's enrolment): the citizens' page files the applicant from it
                   * @enum {unknown}
                   */
                  applicant?: 'name' | 'idNumber' | 'phone' | 'email' | 'address';
                  help?: {
                    en: string;
                    vi: string;
                  };
                  id: string;
                  /** @description A number field that takes whole numbers only (a count) */
                  integer?: boolean;
                  label: {
                    en: string;
                    vi: string;
                  };
                  /** @description number: a number; date: "today" or YYYY-MM-DD */
                  max?: unknown;
                  maxLength?: number;
                  /** @description number: a number; date: "today" or YYYY-MM-DD */
                  min?: unknown;
                  minLength?: number;
                  options?: {
                    label: {
                      en: string;
                      vi: string;
                    };
                    value: string;
                  }[];
                  pattern?: string;
                  patternHint?: {
                    en: string;
                    vi: string;
                  };
                  /** @enum {unknown} */
                  personal?: 'name' | 'phone' | 'email' | 'national-id' | 'address' | 'birth-date' | 'other';
                  requester?:
                    | true
                    | {
                        /** @description Text, a number or true/false */
                        equals?: unknown;
                        field: string;
                        /** @enum {boolean} */
                        filled?: true;
                        in?: string[];
                      };
                  required?: boolean;
                  /** @enum {unknown} */
                  type:
                    | 'text'
                    | 'textarea'
                    | 'number'
                    | 'date'
                    | 'select'
                    | 'radio'
                    | 'checkbox'
                    | 'email'
                    | 'phone'
                    | 'id-number'
                    | 'ward';
                  /** @description Holds when the form's field equals a value, is one of some, or is answered */
                  when?: {
                    /** @description Text, a number or true/false */
                    equals?: unknown;
                    field: string;
                    /** @enum {boolean} */
                    filled?: true;
                    in?: string[];
                  };
                }[];
                id: string;
                title: {
                  en: string;
                  vi: string;
                };
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
            };
            legalBasis: string[];
            /** @enum {unknown} */
            level: 'city' | 'commune';
            /** @description The legal time limit, in working days from receipt */
            limitDays: number;
            name: {
              en: string;
              vi: string;
            };
            /** @enum {unknown} */
            onlineLevel: 'full' | 'partial';
            published: boolean;
            result: {
              electronic: boolean;
              /** @enum {unknown} */
              kind: 'certificate' | 'permit' | 'confirmation' | 'decision' | 'copy' | 'admission';
              name: {
                en: string;
                vi: string;
              };
              /** @description Whom the result is about when not the applicant (a birth certificate's child): form fields */
              subject?: {
                applicantLabel: {
                  en: string;
                  vi: string;
                };
                birthDateField?: string;
                label: {
                  en: string;
                  vi: string;
                };
                nameField: string;
              };
            };
            steps: {
              agency: string;
              code: string;
              /** @description Its share of the time limit, in working days */
              days: number;
              name: {
                en: string;
                vi: string;
              };
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The agency that decides and signs the result */
              agency: string;
              /** @description A ward field of the form: the dossier goes to that ward's People's Committee */
              agencyByWard?: string;
              allocation?: {
                /** @description The id-number field with the pupil's ID: one open or returned enrolment per pupil a school year */
                pupilField?: string;
                schoolField: string;
                schools: {
                  code: string;
                  name: {
                    en: string;
                    vi: string;
                  };
                  places: number;
                  wards: string[];
                }[];
                wardField: string;
              };
              applicants: ('citizen' | 'business' | 'organisation')[];
              /** @description The code in the National Database on Administrative Procedures */
              code: string;
              documents: {
                accept: ('pdf' | 'jpeg' | 'png')[];
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                required: boolean;
                template?: string;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              fees: {
                amountVnd: number;
                /** @description Each unit also charged by its count at these rates (2,000 đồng pages 1–2, 1,000 from 3) */
                byCount?: {
                  /** @description A number field: each unit's count (e.g. the original's pages) */
                  field: string;
                  rates: {
                    /** @description Đồng for each, until the next rate */
                    amountVnd: number;
                    /** @description The first counted one at this rate (the first rate: 1) */
                    from: number;
                  }[];
                };
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Multiplied by this number field's value (the units, e.g. copies) */
                perField?: string;
                /** @description The most one unit costs (e.g. 200,000 đồng a copy) */
                unitCapVnd?: number;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              field: {
                en: string;
                vi: string;
              };
              form: {
                sections: {
                  fields: {
                    /**
                     * @description The applicant's own particular this field gives (a parent's name on a pupil's enrolment): the citizens' page files the applicant from it
                     * @enum {unknown}
                     */
                    applicant?: 'name' | 'idNumber' | 'phone' | 'email' | 'address';
                    help?: {
                      en: string;
                      vi: string;
                    };
                    id: string;
                    /** @description A number field that takes whole numbers only (a count) */
                    integer?: boolean;
                    label: {
                      en: string;
                      vi: string;
                    };
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    max?: unknown;
                    maxLength?: number;
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    min?: unknown;
                    minLength?: number;
                    options?: {
                      label: {
                        en: string;
                        vi: string;
                      };
                      value: string;
                    }[];
                    pattern?: string;
                    patternHint?: {
                      en: string;
                      vi: string;
                    };
                    /** @enum {unknown} */
                    personal?: 'name' | 'phone' | 'email' | 'national-id' | 'address' | 'birth-date' | 'other';
                    requester?:
                      | true
                      | {
                          /** @description Text, a number or true/false */
                          equals?: unknown;
                          field: string;
                          /** @enum {boolean} */
                          filled?: true;
                          in?: string[];
                        };
                    required?: boolean;
                    /** @enum {unknown} */
                    type:
                      | 'text'
                      | 'textarea'
                      | 'number'
                      | 'date'
                      | 'select'
                      | 'radio'
                      | 'checkbox'
                      | 'email'
                      | 'phone'
                      | 'id-number'
                      | 'ward';
                    /** @description Holds when the form's field equals a value, is one of some, or is answered */
                    when?: {
                      /** @description Text, a number or true/false */
                      equals?: unknown;
                      field: string;
                      /** @enum {boolean} */
                      filled?: true;
                      in?: string[];
                    };
                  }[];
                  id: string;
                  title: {
                    en: string;
                    vi: string;
                  };
                  /** @description Holds when the form's field equals a value, is one of some, or is answered */
                  when?: {
                    /** @description Text, a number or true/false */
                    equals?: unknown;
                    field: string;
                    /** @enum {boolean} */
                    filled?: true;
                    in?: string[];
                  };
                }[];
              };
              legalBasis: string[];
              /** @enum {unknown} */
              level: 'city' | 'commune';
              /** @description The legal time limit, in working days from receipt */
              limitDays: number;
              name: {
                en: string;
                vi: string;
              };
              /** @enum {unknown} */
              onlineLevel: 'full' | 'partial';
              published: boolean;
              result: {
                electronic: boolean;
                /** @enum {unknown} */
                kind: 'certificate' | 'permit' | 'confirmation' | 'decision' | 'copy' | 'admission';
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Whom the result is about when not the applicant (a birth certificate's child): form fields */
                subject?: {
                  applicantLabel: {
                    en: string;
                    vi: string;
                  };
                  birthDateField?: string;
                  label: {
                    en: string;
                    vi: string;
                  };
                  nameField: string;
                };
              };
              steps: {
                agency: string;
                code: string;
                /** @description Its share of the time limit, in working days */
                days: number;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              /** Format: date-time */
              updatedAt: string;
              version: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:catalogue` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/procedures/{code}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A procedure's versions, oldest first */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              versions: {
                /** Format: date-time */
                updatedAt: string;
                version: number;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:catalogue` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/procedures/{code}/versions/{n}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One version of a procedure (the one a dossier was filed under): a published one, one a dossier was filed under, or a draft to those who manage the catalogue */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
          n: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The agency that decides and signs the result */
              agency: string;
              /** @description A ward field of the form: the dossier goes to that ward's People's Committee */
              agencyByWard?: string;
              allocation?: {
                /** @description The id-number field with the pupil's ID: one open or returned enrolment per pupil a school year */
                pupilField?: string;
                schoolField: string;
                schools: {
                  code: string;
                  name: {
                    en: string;
                    vi: string;
                  };
                  places: number;
                  wards: string[];
                }[];
                wardField: string;
              };
              applicants: ('citizen' | 'business' | 'organisation')[];
              /** @description The code in the National Database on Administrative Procedures */
              code: string;
              documents: {
                accept: ('pdf' | 'jpeg' | 'png')[];
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                required: boolean;
                template?: string;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              fees: {
                amountVnd: number;
                /** @description Each unit also charged by its count at these rates (2,000 đồng pages 1–2, 1,000 from 3) */
                byCount?: {
                  /** @description A number field: each unit's count (e.g. the original's pages) */
                  field: string;
                  rates: {
                    /** @description Đồng for each, until the next rate */
                    amountVnd: number;
                    /** @description The first counted one at this rate (the first rate: 1) */
                    from: number;
                  }[];
                };
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Multiplied by this number field's value (the units, e.g. copies) */
                perField?: string;
                /** @description The most one unit costs (e.g. 200,000 đồng a copy) */
                unitCapVnd?: number;
                /** @description Holds when the form's field equals a value, is one of some, or is answered */
                when?: {
                  /** @description Text, a number or true/false */
                  equals?: unknown;
                  field: string;
                  /** @enum {boolean} */
                  filled?: true;
                  in?: string[];
                };
              }[];
              field: {
                en: string;
                vi: string;
              };
              form: {
                sections: {
                  fields: {
                    /**
                     * @description The applicant's own particular this field gives (a parent's name on a pupil's enrolment): the citizens' page files the applicant from it
                     * @enum {unknown}
                     */
                    applicant?: 'name' | 'idNumber' | 'phone' | 'email' | 'address';
                    help?: {
                      en: string;
                      vi: string;
                    };
                    id: string;
                    /** @description A number field that takes whole numbers only (a count) */
                    integer?: boolean;
                    label: {
                      en: string;
                      vi: string;
                    };
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    max?: unknown;
                    maxLength?: number;
                    /** @description number: a number; date: "today" or YYYY-MM-DD */
                    min?: unknown;
                    minLength?: number;
                    options?: {
                      label: {
                        en: string;
                        vi: string;
                      };
                      value: string;
                    }[];
                    pattern?: string;
                    patternHint?: {
                      en: string;
                      vi: string;
                    };
                    /** @enum {unknown} */
                    personal?: 'name' | 'phone' | 'email' | 'national-id' | 'address' | 'birth-date' | 'other';
                    requester?:
                      | true
                      | {
                          /** @description Text, a number or true/false */
                          equals?: unknown;
                          field: string;
                          /** @enum {boolean} */
                          filled?: true;
                          in?: string[];
                        };
                    required?: boolean;
                    /** @enum {unknown} */
                    type:
                      | 'text'
                      | 'textarea'
                      | 'number'
                      | 'date'
                      | 'select'
                      | 'radio'
                      | 'checkbox'
                      | 'email'
                      | 'phone'
                      | 'id-number'
                      | 'ward';
                    /** @description Holds when the form's field equals a value, is one of some, or is answered */
                    when?: {
                      /** @description Text, a number or true/false */
                      equals?: unknown;
                      field: string;
                      /** @enum {boolean} */
                      filled?: true;
                      in?: string[];
                    };
                  }[];
                  id: string;
                  title: {
                    en: string;
                    vi: string;
                  };
                  /** @description Holds when the form's field equals a value, is one of some, or is answered */
                  when?: {
                    /** @description Text, a number or true/false */
                    equals?: unknown;
                    field: string;
                    /** @enum {boolean} */
                    filled?: true;
                    in?: string[];
                  };
                }[];
              };
              legalBasis: string[];
              /** @enum {unknown} */
              level: 'city' | 'commune';
              /** @description The legal time limit, in working days from receipt */
              limitDays: number;
              name: {
                en: string;
                vi: string;
              };
              /** @enum {unknown} */
              onlineLevel: 'full' | 'partial';
              published: boolean;
              result: {
                electronic: boolean;
                /** @enum {unknown} */
                kind: 'certificate' | 'permit' | 'confirmation' | 'decision' | 'copy' | 'admission';
                name: {
                  en: string;
                  vi: string;
                };
                /** @description Whom the result is about when not the applicant (a birth certificate's child): form fields */
                subject?: {
                  applicantLabel: {
                    en: string;
                    vi: string;
                  };
                  birthDateField?: string;
                  label: {
                    en: string;
                    vi: string;
                  };
                  nameField: string;
                };
              };
              steps: {
                agency: string;
                code: string;
                /** @description Its share of the time limit, in working days */
                days: number;
                name: {
                  en: string;
                  vi: string;
                };
              }[];
              /** Format: date-time */
              updatedAt: string;
              version: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/queue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The officers' queue: open dossiers by due date (those to receive first), or those of the state asked (closed ones too); `q` a whole code, or the applicant's ID number or phone (9–12 digits), finds those the officer's agencies held at any step whatever their state (a search by person audited as a read of personal data), a part of a code the open ones; applicants masked */
    get: {
      parameters: {
        query?: {
          agency?: string;
          cursor?: string;
          late?: boolean;
          limit?: number;
          q?: string;
          state?:
            | 'submitted'
            | 'received'
            | 'processing'
            | 'supplement'
            | 'result-ready'
            | 'returned'
            | 'rejected'
            | 'stopped'
            | 'withdrawn';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              dossiers: {
                agency: string;
                agencyName: {
                  en: string;
                  vi: string;
                };
                applicantMasked: string;
                channel: string;
                code: string;
                /** Format: date-time */
                dueAt?: string;
                feeState: 'none' | 'due' | 'paid' | 'cancelled';
                late: boolean;
                procedure: {
                  code: string;
                  version: number;
                };
                /** Format: date-time */
                receivedAt?: string;
                /** @enum {unknown} */
                state:
                  | 'submitted'
                  | 'received'
                  | 'processing'
                  | 'supplement'
                  | 'result-ready'
                  | 'returned'
                  | 'rejected'
                  | 'stopped'
                  | 'withdrawn';
                /** Format: date-time */
                submittedAt: string;
                workingHoursLeft?: number;
              }[];
              next?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/results/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Checks a signed electronic result (the PDF as the body): its signature, and that this city issued it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agency?: string;
              dossier?: string;
              problem?: string;
              signedAt?: string;
              valid: boolean;
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/staff/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The agencies an officer works for */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          userId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agencies: string[];
              userId: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:catalogue` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Sets the agencies an officer works for (their queue and the dossiers they may act on) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          userId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            agencies: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agencies: string[];
              userId: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:catalogue` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The KPI strip: open dossiers, late, due today, on-time rate of the last 30 days */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              dueToday: number;
              late: number;
              onTimeRate: number | null;
              open: number;
              returned30d: number;
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `services:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/track/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A dossier's state by its code (no personal data) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          code: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /**
               * Format: date-time
               * @description When it was closed without a result (refused, stopped, withdrawn)
               */
              closedAt?: string;
              code: string;
              /** Format: date-time */
              dueAt?: string;
              procedure: {
                code: string;
                name: {
                  en: string;
                  vi: string;
                };
              };
              /** Format: date-time */
              receivedAt?: string;
              /**
               * Format: date-time
               * @description When the result was handed out
               */
              returnedAt?: string;
              /** @enum {unknown} */
              state:
                | 'submitted'
                | 'received'
                | 'processing'
                | 'supplement'
                | 'result-ready'
                | 'returned'
                | 'rejected'
                | 'stopped'
                | 'withdrawn';
              /** Format: date-time */
              submittedAt: string;
              timeliness?: 'early' | 'on-time' | 'late';
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/uploads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Uploads a document for a dossier (multipart "file", optional "document" code): PDF, JPEG or PNG by content, at most 10 MB */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bytes: number;
              contentType: string;
              id: string;
              name: string;
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Service alerts, last edited first; drafts only to those who write alerts */
    get: {
      parameters: {
        query?: {
          limit?: number;
          offset?: number;
          /** @description Only those naming this route_id */
          route?: string;
          /** @description Comma-separated: draft, upcoming, active, ended, withdrawn */
          state?: string;
          /** @description Only those naming this stop_id */
          stop?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              alerts: {
                activePeriods: {
                  /** Format: date-time */
                  end?: string;
                  /** Format: date-time */
                  start?: string;
                }[];
                cause?: string;
                /** Format: date-time */
                createdAt: string;
                createdBy: string | null;
                description?: {
                  en: string;
                  vi: string;
                };
                effect?: string;
                header: {
                  en: string;
                  vi: string;
                };
                /** @description Stable: the entity id in the ServiceAlerts feed */
                id: string;
                informedEntities: {
                  /** @description agency_id of the current schedule */
                  agencyId?: string;
                  /** @description With routeId */
                  directionId?: 0 | 1;
                  /** @description route_id of the current schedule */
                  routeId?: string;
                  /** @description GTFS route_type (3: bus) */
                  routeType?: number;
                  /** @description stop_id of the current schedule */
                  stopId?: string;
                  trip?: {
                    /** @description YYYYMMDD: only that day */
                    startDate?: string;
                    /** @description HH:MM:SS: only the run starting then */
                    startTime?: string;
                    /** @description trip_id of the current schedule */
                    tripId: string;
                  };
                }[];
                severity?: string;
                /**
                 * @description Where it stands now
                 * @enum {unknown}
                 */
                state: 'draft' | 'upcoming' | 'active' | 'ended' | 'withdrawn';
                /** @enum {unknown} */
                status: 'draft' | 'published' | 'withdrawn';
                /** Format: date-time */
                updatedAt: string;
                updatedBy: string | null;
                url?: {
                  en: string;
                  vi: string;
                };
                /** @description Counts edits; the ETag is "<version>" */
                version: number;
                withdrawnAt: string | null;
                withdrawnBy: string | null;
              }[];
              /** @description All that match, over every page */
              count: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Write a service alert (published to riders unless a draft)
     * @description Routes, stops, trips and agencies it names must be in the current schedule (422 naming those that are not); each active period ends after it starts. Its id is the entity id in the ServiceAlerts feed.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description When it is in force; none: from now until withdrawn */
            activePeriods?: {
              /**
               * Format: date-time
               * @description Absent: until withdrawn
               */
              end?: string;
              /**
               * Format: date-time
               * @description Absent: in force from now
               */
              start?: string;
            }[];
            /**
             * @description GTFS-Realtime Alert.Cause
             * @enum {unknown}
             */
            cause?:
              | 'UNKNOWN_CAUSE'
              | 'OTHER_CAUSE'
              | 'TECHNICAL_PROBLEM'
              | 'STRIKE'
              | 'DEMONSTRATION'
              | 'ACCIDENT'
              | 'HOLIDAY'
              | 'WEATHER'
              | 'MAINTENANCE'
              | 'CONSTRUCTION'
              | 'POLICE_ACTIVITY'
              | 'MEDICAL_EMERGENCY';
            description?: {
              /** @description The full text, in English */
              en: string;
              /** @description The full text, in Vietnamese */
              vi: string;
            };
            /**
             * @description GTFS-Realtime Alert.Effect
             * @enum {unknown}
             */
            effect?:
              | 'NO_SERVICE'
              | 'REDUCED_SERVICE'
              | 'SIGNIFICANT_DELAYS'
              | 'DETOUR'
              | 'ADDITIONAL_SERVICE'
              | 'MODIFIED_SERVICE'
              | 'OTHER_EFFECT'
              | 'UNKNOWN_EFFECT'
              | 'STOP_MOVED'
              | 'NO_EFFECT'
              | 'ACCESSIBILITY_ISSUE';
            header: {
              /** @description The headline, in English */
              en: string;
              /** @description The headline, in Vietnamese */
              vi: string;
            };
            informedEntities: {
              /** @description agency_id of the current schedule */
              agencyId?: string;
              /** @description With routeId */
              directionId?: 0 | 1;
              /** @description route_id of the current schedule */
              routeId?: string;
              /** @description GTFS route_type (3: bus) */
              routeType?: number;
              /** @description stop_id of the current schedule */
              stopId?: string;
              trip?: {
                /** @description YYYYMMDD: only that day */
                startDate?: string;
                /** @description HH:MM:SS: only the run starting then */
                startTime?: string;
                /** @description trip_id of the current schedule */
                tripId: string;
              };
            }[];
            /**
             * @description GTFS-Realtime Alert.SeverityLevel
             * @enum {unknown}
             */
            severity?: 'UNKNOWN_SEVERITY' | 'INFO' | 'WARNING' | 'SEVERE';
            /**
             * @description published (the default) shows it to riders; draft does not
             * @enum {unknown}
             */
            status?: 'draft' | 'published';
            /** @description More to read, per language */
            url?: {
              /** @description An http(s) URL */
              en: string;
              /** @description An http(s) URL */
              vi: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              activePeriods: {
                /** Format: date-time */
                end?: string;
                /** Format: date-time */
                start?: string;
              }[];
              cause?: string;
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              description?: {
                en: string;
                vi: string;
              };
              effect?: string;
              header: {
                en: string;
                vi: string;
              };
              /** @description Stable: the entity id in the ServiceAlerts feed */
              id: string;
              informedEntities: {
                /** @description agency_id of the current schedule */
                agencyId?: string;
                /** @description With routeId */
                directionId?: 0 | 1;
                /** @description route_id of the current schedule */
                routeId?: string;
                /** @description GTFS route_type (3: bus) */
                routeType?: number;
                /** @description stop_id of the current schedule */
                stopId?: string;
                trip?: {
                  /** @description YYYYMMDD: only that day */
                  startDate?: string;
                  /** @description HH:MM:SS: only the run starting then */
                  startTime?: string;
                  /** @description trip_id of the current schedule */
                  tripId: string;
                };
              }[];
              severity?: string;
              /**
               * @description Where it stands now
               * @enum {unknown}
               */
              state: 'draft' | 'upcoming' | 'active' | 'ended' | 'withdrawn';
              /** @enum {unknown} */
              status: 'draft' | 'published' | 'withdrawn';
              /** Format: date-time */
              updatedAt: string;
              updatedBy: string | null;
              url?: {
                en: string;
                vi: string;
              };
              /** @description Counts edits; the ETag is "<version>" */
              version: number;
              withdrawnAt: string | null;
              withdrawnBy: string | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:alerts` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/alerts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One service alert */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              activePeriods: {
                /** Format: date-time */
                end?: string;
                /** Format: date-time */
                start?: string;
              }[];
              cause?: string;
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              description?: {
                en: string;
                vi: string;
              };
              effect?: string;
              header: {
                en: string;
                vi: string;
              };
              /** @description Stable: the entity id in the ServiceAlerts feed */
              id: string;
              informedEntities: {
                /** @description agency_id of the current schedule */
                agencyId?: string;
                /** @description With routeId */
                directionId?: 0 | 1;
                /** @description route_id of the current schedule */
                routeId?: string;
                /** @description GTFS route_type (3: bus) */
                routeType?: number;
                /** @description stop_id of the current schedule */
                stopId?: string;
                trip?: {
                  /** @description YYYYMMDD: only that day */
                  startDate?: string;
                  /** @description HH:MM:SS: only the run starting then */
                  startTime?: string;
                  /** @description trip_id of the current schedule */
                  tripId: string;
                };
              }[];
              severity?: string;
              /**
               * @description Where it stands now
               * @enum {unknown}
               */
              state: 'draft' | 'upcoming' | 'active' | 'ended' | 'withdrawn';
              /** @enum {unknown} */
              status: 'draft' | 'published' | 'withdrawn';
              /** Format: date-time */
              updatedAt: string;
              updatedBy: string | null;
              url?: {
                en: string;
                vi: string;
              };
              /** @description Counts edits; the ETag is "<version>" */
              version: number;
              withdrawnAt: string | null;
              withdrawnBy: string | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /**
     * Edit a service alert (the whole of it); its id stays
     * @description With `If-Match: "<version>"` (its ETag) the edit applies only if nobody edited it meanwhile (412). A withdrawn alert is not edited (409).
     */
    put: {
      parameters: {
        query?: never;
        header?: {
          'if-match'?: string;
        };
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description When it is in force; none: from now until withdrawn */
            activePeriods?: {
              /**
               * Format: date-time
               * @description Absent: until withdrawn
               */
              end?: string;
              /**
               * Format: date-time
               * @description Absent: in force from now
               */
              start?: string;
            }[];
            /**
             * @description GTFS-Realtime Alert.Cause
             * @enum {unknown}
             */
            cause?:
              | 'UNKNOWN_CAUSE'
              | 'OTHER_CAUSE'
              | 'TECHNICAL_PROBLEM'
              | 'STRIKE'
              | 'DEMONSTRATION'
              | 'ACCIDENT'
              | 'HOLIDAY'
              | 'WEATHER'
              | 'MAINTENANCE'
              | 'CONSTRUCTION'
              | 'POLICE_ACTIVITY'
              | 'MEDICAL_EMERGENCY';
            description?: {
              /** @description The full text, in English */
              en: string;
              /** @description The full text, in Vietnamese */
              vi: string;
            };
            /**
             * @description GTFS-Realtime Alert.Effect
             * @enum {unknown}
             */
            effect?:
              | 'NO_SERVICE'
              | 'REDUCED_SERVICE'
              | 'SIGNIFICANT_DELAYS'
              | 'DETOUR'
              | 'ADDITIONAL_SERVICE'
              | 'MODIFIED_SERVICE'
              | 'OTHER_EFFECT'
              | 'UNKNOWN_EFFECT'
              | 'STOP_MOVED'
              | 'NO_EFFECT'
              | 'ACCESSIBILITY_ISSUE';
            header: {
              /** @description The headline, in English */
              en: string;
              /** @description The headline, in Vietnamese */
              vi: string;
            };
            informedEntities: {
              /** @description agency_id of the current schedule */
              agencyId?: string;
              /** @description With routeId */
              directionId?: 0 | 1;
              /** @description route_id of the current schedule */
              routeId?: string;
              /** @description GTFS route_type (3: bus) */
              routeType?: number;
              /** @description stop_id of the current schedule */
              stopId?: string;
              trip?: {
                /** @description YYYYMMDD: only that day */
                startDate?: string;
                /** @description HH:MM:SS: only the run starting then */
                startTime?: string;
                /** @description trip_id of the current schedule */
                tripId: string;
              };
            }[];
            /**
             * @description GTFS-Realtime Alert.SeverityLevel
             * @enum {unknown}
             */
            severity?: 'UNKNOWN_SEVERITY' | 'INFO' | 'WARNING' | 'SEVERE';
            /**
             * @description published (the default) shows it to riders; draft does not
             * @enum {unknown}
             */
            status?: 'draft' | 'published';
            /** @description More to read, per language */
            url?: {
              /** @description An http(s) URL */
              en: string;
              /** @description An http(s) URL */
              vi: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              activePeriods: {
                /** Format: date-time */
                end?: string;
                /** Format: date-time */
                start?: string;
              }[];
              cause?: string;
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              description?: {
                en: string;
                vi: string;
              };
              effect?: string;
              header: {
                en: string;
                vi: string;
              };
              /** @description Stable: the entity id in the ServiceAlerts feed */
              id: string;
              informedEntities: {
                /** @description agency_id of the current schedule */
                agencyId?: string;
                /** @description With routeId */
                directionId?: 0 | 1;
                /** @description route_id of the current schedule */
                routeId?: string;
                /** @description GTFS route_type (3: bus) */
                routeType?: number;
                /** @description stop_id of the current schedule */
                stopId?: string;
                trip?: {
                  /** @description YYYYMMDD: only that day */
                  startDate?: string;
                  /** @description HH:MM:SS: only the run starting then */
                  startTime?: string;
                  /** @description trip_id of the current schedule */
                  tripId: string;
                };
              }[];
              severity?: string;
              /**
               * @description Where it stands now
               * @enum {unknown}
               */
              state: 'draft' | 'upcoming' | 'active' | 'ended' | 'withdrawn';
              /** @enum {unknown} */
              status: 'draft' | 'published' | 'withdrawn';
              /** Format: date-time */
              updatedAt: string;
              updatedBy: string | null;
              url?: {
                en: string;
                vi: string;
              };
              /** @description Counts edits; the ETag is "<version>" */
              version: number;
              withdrawnAt: string | null;
              withdrawnBy: string | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:alerts` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    /** Delete a service alert (a mistake); withdraw one that riders saw */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:alerts` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/alerts/{id}/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Withdraw a service alert: it leaves the feed now and stays readable */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              activePeriods: {
                /** Format: date-time */
                end?: string;
                /** Format: date-time */
                start?: string;
              }[];
              cause?: string;
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              description?: {
                en: string;
                vi: string;
              };
              effect?: string;
              header: {
                en: string;
                vi: string;
              };
              /** @description Stable: the entity id in the ServiceAlerts feed */
              id: string;
              informedEntities: {
                /** @description agency_id of the current schedule */
                agencyId?: string;
                /** @description With routeId */
                directionId?: 0 | 1;
                /** @description route_id of the current schedule */
                routeId?: string;
                /** @description GTFS route_type (3: bus) */
                routeType?: number;
                /** @description stop_id of the current schedule */
                stopId?: string;
                trip?: {
                  /** @description YYYYMMDD: only that day */
                  startDate?: string;
                  /** @description HH:MM:SS: only the run starting then */
                  startTime?: string;
                  /** @description trip_id of the current schedule */
                  tripId: string;
                };
              }[];
              severity?: string;
              /**
               * @description Where it stands now
               * @enum {unknown}
               */
              state: 'draft' | 'upcoming' | 'active' | 'ended' | 'withdrawn';
              /** @enum {unknown} */
              status: 'draft' | 'published' | 'withdrawn';
              /** Format: date-time */
              updatedAt: string;
              updatedBy: string | null;
              url?: {
                en: string;
                vi: string;
              };
              /** @description Counts edits; the ETag is "<version>" */
              version: number;
              withdrawnAt: string | null;
              withdrawnBy: string | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:alerts` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/feeds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Feed versions kept (the current one, previous ones, failed imports), newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
          offset?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Versions kept, over every page */
              count: number;
              /** @description Newest first */
              versions: {
                counts: {
                  agencies: number;
                  calendarDates: number;
                  calendars: number;
                  fareAttributes: number;
                  fareRules: number;
                  frequencies: number;
                  routes: number;
                  shapePoints: number;
                  /** @description Distinct shape_id */
                  shapes: number;
                  stops: number;
                  stopTimes: number;
                  transfers: number;
                  trips: number;
                } | null;
                currentSince: string | null;
                errors: {
                  /** @description The column */
                  field?: string;
                  /** @description The feed file, e.g. stop_times.txt */
                  file: string;
                  /** @description Line in the file; 1 is the header */
                  line?: number;
                  message: string;
                  /** @enum {unknown} */
                  severity: 'error' | 'warning';
                }[];
                id: string;
                /** Format: date-time */
                importedAt: string;
                importedBy: string | null;
                roadShapes: {
                  /** @description Shapes built along the roads, one per distinct stop sequence */
                  built: number;
                  /** @description Of the straight legs, those whose stops are more than 20 km apart: not routed (absent on older versions) */
                  farLegs?: number;
                  /** @description The feed's own detailed shapes kept */
                  kept: number;
                  /** @description Legs (stop to next stop) of the built shapes */
                  legs: number;
                  /** @description Stop sequences left as they were: a stop outside the road graph's area or without a position */
                  outside: number;
                  /** @description Stop sequences left as given: the import's routing budget was spent (absent on older versions) */
                  overBudget?: number;
                  /** @description The feed's straight stop-to-stop shapes no trip uses any more, left out */
                  replaced: number;
                  /**
                   * @description built: trips were given shapes along the roads; unneeded: every trip had a detailed shape; outside: those needing one have stops outside the road graph's area (shapes as given); off: the import asked for none
                   * @enum {unknown}
                   */
                  status: 'built' | 'unneeded' | 'outside' | 'off';
                  /** @description Legs the roads could not join, drawn straight */
                  straightLegs: number;
                  /** @description Trips given one */
                  trips: number;
                } | null;
                /** @description A file name, folder, URL or "upload" */
                source: string;
                /**
                 * @description importing, current (the one served), previous (kept, replaced) or failed (refused; see errors)
                 * @enum {unknown}
                 */
                status: 'importing' | 'current' | 'previous' | 'failed';
                tenant: string;
                timezone: string | null;
                warnings: {
                  /** @description The column */
                  field?: string;
                  /** @description The feed file, e.g. stop_times.txt */
                  file: string;
                  /** @description Line in the file; 1 is the header */
                  line?: number;
                  message: string;
                  /** @enum {unknown} */
                  severity: 'error' | 'warning';
                }[];
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Import a GTFS Schedule feed (the zip as the body, application/zip) and make it current
     * @description The feed is checked whole first: any error refuses it (422, each error with its file, line and field) and the current version stays. Accepted, it is loaded as a new version and made current in one transaction. Trips whose shape is missing or a straight stop-to-stop line get one along the city's roads (one per distinct stop sequence, when its stops are in the road graph's area), part of the version; `roadShapes` says what was done. roadShapes=false keeps the feed's shapes as given. At most 64 MB.
     */
    post: {
      parameters: {
        query?: {
          /** @description false: keep the feed's shapes as given (no shapes built along the roads) */
          roadShapes?: boolean;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/octet-stream': unknown;
          'application/x-zip-compressed': unknown;
          'application/zip': unknown;
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              counts: {
                agencies: number;
                calendarDates: number;
                calendars: number;
                fareAttributes: number;
                fareRules: number;
                frequencies: number;
                routes: number;
                shapePoints: number;
                /** @description Distinct shape_id */
                shapes: number;
                stops: number;
                stopTimes: number;
                transfers: number;
                trips: number;
              } | null;
              currentSince: string | null;
              errors: {
                /** @description The column */
                field?: string;
                /** @description The feed file, e.g. stop_times.txt */
                file: string;
                /** @description Line in the file; 1 is the header */
                line?: number;
                message: string;
                /** @enum {unknown} */
                severity: 'error' | 'warning';
              }[];
              id: string;
              /** Format: date-time */
              importedAt: string;
              importedBy: string | null;
              roadShapes: {
                /** @description Shapes built along the roads, one per distinct stop sequence */
                built: number;
                /** @description Of the straight legs, those whose stops are more than 20 km apart: not routed (absent on older versions) */
                farLegs?: number;
                /** @description The feed's own detailed shapes kept */
                kept: number;
                /** @description Legs (stop to next stop) of the built shapes */
                legs: number;
                /** @description Stop sequences left as they were: a stop outside the road graph's area or without a position */
                outside: number;
                /** @description Stop sequences left as given: the import's routing budget was spent (absent on older versions) */
                overBudget?: number;
                /** @description The feed's straight stop-to-stop shapes no trip uses any more, left out */
                replaced: number;
                /**
                 * @description built: trips were given shapes along the roads; unneeded: every trip had a detailed shape; outside: those needing one have stops outside the road graph's area (shapes as given); off: the import asked for none
                 * @enum {unknown}
                 */
                status: 'built' | 'unneeded' | 'outside' | 'off';
                /** @description Legs the roads could not join, drawn straight */
                straightLegs: number;
                /** @description Trips given one */
                trips: number;
              } | null;
              /** @description A file name, folder, URL or "upload" */
              source: string;
              /**
               * @description importing, current (the one served), previous (kept, replaced) or failed (refused; see errors)
               * @enum {unknown}
               */
              status: 'importing' | 'current' | 'previous' | 'failed';
              tenant: string;
              timezone: string | null;
              warnings: {
                /** @description The column */
                field?: string;
                /** @description The feed file, e.g. stop_times.txt */
                file: string;
                /** @description Line in the file; 1 is the header */
                line?: number;
                message: string;
                /** @enum {unknown} */
                severity: 'error' | 'warning';
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/feeds/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One feed version, with its counts, errors and warnings */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              counts: {
                agencies: number;
                calendarDates: number;
                calendars: number;
                fareAttributes: number;
                fareRules: number;
                frequencies: number;
                routes: number;
                shapePoints: number;
                /** @description Distinct shape_id */
                shapes: number;
                stops: number;
                stopTimes: number;
                transfers: number;
                trips: number;
              } | null;
              currentSince: string | null;
              errors: {
                /** @description The column */
                field?: string;
                /** @description The feed file, e.g. stop_times.txt */
                file: string;
                /** @description Line in the file; 1 is the header */
                line?: number;
                message: string;
                /** @enum {unknown} */
                severity: 'error' | 'warning';
              }[];
              id: string;
              /** Format: date-time */
              importedAt: string;
              importedBy: string | null;
              roadShapes: {
                /** @description Shapes built along the roads, one per distinct stop sequence */
                built: number;
                /** @description Of the straight legs, those whose stops are more than 20 km apart: not routed (absent on older versions) */
                farLegs?: number;
                /** @description The feed's own detailed shapes kept */
                kept: number;
                /** @description Legs (stop to next stop) of the built shapes */
                legs: number;
                /** @description Stop sequences left as they were: a stop outside the road graph's area or without a position */
                outside: number;
                /** @description Stop sequences left as given: the import's routing budget was spent (absent on older versions) */
                overBudget?: number;
                /** @description The feed's straight stop-to-stop shapes no trip uses any more, left out */
                replaced: number;
                /**
                 * @description built: trips were given shapes along the roads; unneeded: every trip had a detailed shape; outside: those needing one have stops outside the road graph's area (shapes as given); off: the import asked for none
                 * @enum {unknown}
                 */
                status: 'built' | 'unneeded' | 'outside' | 'off';
                /** @description Legs the roads could not join, drawn straight */
                straightLegs: number;
                /** @description Trips given one */
                trips: number;
              } | null;
              /** @description A file name, folder, URL or "upload" */
              source: string;
              /**
               * @description importing, current (the one served), previous (kept, replaced) or failed (refused; see errors)
               * @enum {unknown}
               */
              status: 'importing' | 'current' | 'previous' | 'failed';
              tenant: string;
              timezone: string | null;
              warnings: {
                /** @description The column */
                field?: string;
                /** @description The feed file, e.g. stop_times.txt */
                file: string;
                /** @description Line in the file; 1 is the header */
                line?: number;
                message: string;
                /** @enum {unknown} */
                severity: 'error' | 'warning';
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/gtfs-rt/service-alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * GTFS-Realtime Alerts: disruptions of the service, in Vietnamese and English
     * @description Rebuilt at most every 5 s. Revalidate with If-None-Match (strong ETag) or If-Modified-Since (the header timestamp, whole seconds); vehicles and predictions older than 90 s are left out, alerts once their last active period has ended.
     */
    get: {
      parameters: {
        query?: {
          /** @description protobuf (default): application/x-protobuf; json: the same FeedMessage as JSON */
          format?: 'protobuf' | 'json';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A GTFS-Realtime 2.0 FeedMessage (FULL_DATASET). JSON: field names in lowerCamelCase, enums by name, POSIX times as numbers. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
            'application/x-protobuf': string;
          };
        };
        /** @description Not modified: the feed is the one named by If-None-Match, or not newer than If-Modified-Since */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/gtfs-rt/trip-updates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * GTFS-Realtime TripUpdates: predicted arrivals and departures of the trips running
     * @description Rebuilt at most every 5 s. Revalidate with If-None-Match (strong ETag) or If-Modified-Since (the header timestamp, whole seconds); vehicles and predictions older than 90 s are left out, alerts once their last active period has ended.
     */
    get: {
      parameters: {
        query?: {
          /** @description protobuf (default): application/x-protobuf; json: the same FeedMessage as JSON */
          format?: 'protobuf' | 'json';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A GTFS-Realtime 2.0 FeedMessage (FULL_DATASET). JSON: field names in lowerCamelCase, enums by name, POSIX times as numbers. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
            'application/x-protobuf': string;
          };
        };
        /** @description Not modified: the feed is the one named by If-None-Match, or not newer than If-Modified-Since */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/gtfs-rt/vehicle-positions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * GTFS-Realtime VehiclePositions: where the tenant's vehicles are
     * @description Rebuilt at most every 5 s. Revalidate with If-None-Match (strong ETag) or If-Modified-Since (the header timestamp, whole seconds); vehicles and predictions older than 90 s are left out, alerts once their last active period has ended.
     */
    get: {
      parameters: {
        query?: {
          /** @description protobuf (default): application/x-protobuf; json: the same FeedMessage as JSON */
          format?: 'protobuf' | 'json';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A GTFS-Realtime 2.0 FeedMessage (FULL_DATASET). JSON: field names in lowerCamelCase, enums by name, POSIX times as numbers. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
            'application/x-protobuf': string;
          };
        };
        /** @description Not modified: the feed is the one named by If-None-Match, or not newer than If-Modified-Since */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/prediction-accuracy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * How good arrival predictions were, per route and horizon, against the timetable alone
     * @description A prediction made T minutes ahead counts as accurate when −60·ln(T+1.3) < actual − predicted < 60·ln(T+1.5) seconds (the Caltrans band). The first prediction of each stop of each trip in each horizon is scored.
     */
    get: {
      parameters: {
        query?: {
          route?: string;
          /** @description ISO 8601 instant; default: 24 hours ago */
          since?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              band: string;
              routes: {
                horizons: {
                  /** @description Minutes ahead the prediction was made: 0-3, 3-6, … 20-30 */
                  horizon: string;
                  meanAbsoluteError: number | null;
                  scheduleWithinBand: number | null;
                  /** @description Predictions compared with an actual arrival */
                  scored: number;
                  withinBand: number | null;
                }[];
                routeId: string;
              }[];
              /** Format: date-time */
              since: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:monitor` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/punctuality': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Punctuality per route and hour, with bunching and gaps (on time: 1 min early to 5 min late) */
    get: {
      parameters: {
        query: {
          /** @description How many hours back from now (at most 24) */
          hours: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              from: string;
              onTimeWindow: {
                earlySeconds: number;
                lateSeconds: number;
              };
              /** @description The least punctual routes first */
              routes: {
                colour: string | null;
                early: number;
                /** @description Bunching and gaps */
                headways: {
                  /** @description Came less than half the scheduled headway after the one before */
                  bunched: number;
                  /** @description Came more than 1.5 times the scheduled headway after the one before */
                  gaps: number;
                  /** @description Buses one after another at a stop, scheduled 2 min or more apart */
                  pairs: number;
                };
                hours: {
                  early: number;
                  /** Format: date-time */
                  hour: string;
                  late: number;
                  /** @description Mean seconds from the timetable at departure (negative: early) */
                  meanDeviationSeconds: number | null;
                  /** @description Served within the on-time window */
                  onTime: number;
                  /** @description Stops served (each bus at each stop) */
                  stops: number;
                }[];
                late: number;
                longName: string | null;
                /** @description Mean seconds from the timetable at departure (negative: early) */
                meanDeviationSeconds: number | null;
                /** @description Served within the on-time window */
                onTime: number;
                onTimeShare: number | null;
                routeId: string;
                shortName: string | null;
                /** @description Stops served (each bus at each stop) */
                stops: number;
              }[];
              /** @description The agency's time zone; hours are its hours */
              timezone: string | null;
              /** Format: date-time */
              until: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/routes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Routes of the current schedule */
    get: {
      parameters: {
        query?: {
          limit?: number;
          offset?: number;
          /** @description Only this GTFS route_type (3: bus) */
          type?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Routes matching, over every page */
              count: number;
              routes: {
                agencyId: string | null;
                color: string | null;
                description: string | null;
                id: string;
                longName: string | null;
                shortName: string | null;
                textColor: string | null;
                /** @description Trips of the route in the current version */
                trips: number;
                /** @description GTFS route_type: 3 bus, 0 tram/light rail, 1 metro, 2 rail, 11 trolleybus… */
                type: number;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/routes/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A route with its directions: the stops in order and the shape */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              agencyId: string | null;
              color: string | null;
              description: string | null;
              directions: {
                directionId: number | null;
                headsign: string | null;
                shape: [number, number][] | null;
                /** @description In order, of the direction's longest trip */
                stops: {
                  id: string;
                  lat: number | null;
                  lon: number | null;
                  name: string | null;
                }[];
                trips: number;
              }[];
              id: string;
              longName: string | null;
              shortName: string | null;
              textColor: string | null;
              timezone: string;
              /** @description Trips of the route in the current version */
              trips: number;
              /** @description GTFS route_type: 3 bus, 0 tram/light rail, 1 metro, 2 rail, 11 trolleybus… */
              type: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/routes/{id}/timeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A route direction's timeline (string-line diagram): its buses at its stops, as run and scheduled */
    get: {
      parameters: {
        query: {
          direction: 0 | 1;
          /** @description How many hours back from now (at most 24) */
          hours: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              direction: number;
              /** Format: date-time */
              from: string;
              routeId: string;
              stops: {
                /** @description Metres along the direction's longest trip */
                distance: number;
                name: string | null;
                stopId: string;
              }[];
              timezone: string | null;
              trips: {
                points: {
                  arrived: string | null;
                  departed: string | null;
                  distance: number | null;
                  /** Format: date-time */
                  scheduledArrival: string;
                  /** Format: date-time */
                  scheduledDeparture: string;
                  stopId: string;
                  stopSequence: number;
                }[];
                /** @description YYYYMMDD */
                serviceDate: string;
                tripId: string;
                vehicleId: string;
              }[];
              truncated: boolean;
              /** Format: date-time */
              until: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/stop-grid': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every stop of the current schedule in a box (or all), counted on a grid: for a map of stops of any size */
    get: {
      parameters: {
        query?: {
          /** @description west,south,east,north (WGS 84) */
          bbox?: string;
          /** @description Cells per side (default 64) */
          cells?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Every stop of the current schedule in a box, as a grid of cells: at most cells × cells of them */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bbox: number[] | null;
              cells: {
                /** @description Stops in the cell */
                count: number;
                /** @description Mean latitude of the cell’s stops */
                lat: number;
                /** @description Mean longitude of the cell’s stops */
                lon: number;
              }[];
              /** @description Stops counted, over every cell */
              stops: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/stops': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stops of the current schedule: near a point (nearest first), in a box, or all; by name with q */
    get: {
      parameters: {
        query?: {
          /** @description west,south,east,north (WGS 84) */
          bbox?: string;
          limit?: number;
          /** @description lon,lat (WGS 84) */
          near?: string;
          offset?: number;
          /** @description Only stops whose name, code or id contains this (any case) */
          q?: string;
          /** @description Metres around near (default 500) */
          radius?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Stops matching, over every page */
              count: number;
              stops: {
                code: string | null;
                description: string | null;
                /** @description Metres from the point asked about (near=) */
                distance?: number;
                id: string;
                lat: number | null;
                /** @description 0 stop or platform, 1 station, 2 entrance/exit, 3 generic node, 4 boarding area */
                locationType: number;
                lon: number | null;
                name: string | null;
                parentStation: string | null;
                platformCode: string | null;
                wheelchairBoarding: number | null;
                zoneId: string | null;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/stops/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One stop of the current schedule, with its child stops and the routes calling there */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Stops whose parent station this is */
              children: string[];
              code: string | null;
              description: string | null;
              id: string;
              lat: number | null;
              /** @description 0 stop or platform, 1 station, 2 entrance/exit, 3 generic node, 4 boarding area */
              locationType: number;
              lon: number | null;
              name: string | null;
              parentStation: string | null;
              platformCode: string | null;
              /** @description Routes calling here (or at its platforms) */
              routes: {
                id: string;
                longName: string | null;
                shortName: string | null;
              }[];
              wheelchairBoarding: number | null;
              zoneId: string | null;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/stops/{id}/departures': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The next departures at a stop (or at the platforms of a station), live where predicted
     * @description The timetable's calls from `from` (default now) for `minutes` ahead: service-day times as instants in the agency's time zone (times past 24:00 on the day before), calendar and calendar_dates, frequencies expanded. A departure with a live prediction of the same trip, service day and stop_sequence is `live` with its `predicted` time and `delaySeconds`; the others are the timetable's.
     */
    get: {
      parameters: {
        query?: {
          /** @description ISO 8601 instant; default now */
          from?: string;
          /** @description At most (default 20) */
          limit?: number;
          /** @description How far ahead (default 60) */
          minutes?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Soonest first (predicted time where live) */
              departures: {
                delaySeconds: number | null;
                directionId: number | null;
                headsign: string | null;
                headwaySeconds: number | null;
                /** @description Whether a live prediction gives predicted and delaySeconds */
                live: boolean;
                predicted: string | null;
                route: {
                  color: string | null;
                  id: string;
                  longName: string | null;
                  shortName: string | null;
                  textColor: string | null;
                  /** @description GTFS route_type */
                  type: number;
                };
                /**
                 * Format: date-time
                 * @description The timetable's departure (arrival where the trip ends)
                 */
                scheduled: string;
                /** @description The service day, YYYYMMDD (a trip after midnight belongs to the day before) */
                startDate: string;
                startTime: string | null;
                /** @description The stop, or the platform of the station asked about */
                stopId: string;
                stopSequence: number;
                /** @description The trip ends here */
                terminates: boolean;
                tripId: string;
                vehicleId: string | null;
              }[];
              /** Format: date-time */
              from: string;
              stopId: string;
              /** @description The agency's IANA time zone (the timetable's clock) */
              timezone: string;
              /** Format: date-time */
              until: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/trips/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A trip's stops with their times as instants of a service day, and its shape */
    get: {
      parameters: {
        query?: {
          /** @description The service day, YYYYMMDD; default today in the agency's zone */
          date?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              blockId: string | null;
              directionId: number | null;
              /** @description Runs of a trip by frequencies; the stop times are then those of a run starting at the first one */
              frequencies: {
                endTime: string;
                exactTimes: boolean;
                headwaySeconds: number;
                startTime: string;
              }[];
              headsign: string | null;
              id: string;
              route: {
                color: string | null;
                id: string;
                longName: string | null;
                shortName: string | null;
                textColor: string | null;
                /** @description GTFS route_type */
                type: number;
              };
              /** @description Whether the trip runs on that day (instants are null when it does not) */
              runs: boolean;
              serviceId: string;
              shape: [number, number][] | null;
              shapeId: string | null;
              /** @description The service day the instants are of, YYYYMMDD */
              startDate: string;
              stopTimes: {
                arrival: string | null;
                /** @description HH:MM:SS of the service day (may pass 24:00:00) */
                arrivalTime: string;
                departure: string | null;
                departureTime: string;
                /** @description The feed gave no time here; it is interpolated */
                interpolated: boolean;
                lat: number | null;
                lon: number | null;
                stopId: string;
                stopName: string | null;
                stopSequence: number;
              }[];
              timezone: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/vehicle-feeds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The VehiclePositions feeds polled, with how their last fetches went */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              feeds: {
                /** Format: date-time */
                createdAt: string;
                createdBy: string | null;
                /** @description Header names; values masked */
                headers: {
                  [key: string]: string;
                };
                id: string;
                intervalSeconds: number;
                scope: string;
                status: {
                  /** @description Of the last successful fetch: vehicles taken in */
                  accepted: number | null;
                  /** @description Of the last successful fetch: entities in the feed */
                  entities: number | null;
                  /** @description Since the last success; the wait doubles with each */
                  failures: number;
                  lastAttemptAt: string | null;
                  lastError: string | null;
                  lastErrorAt: string | null;
                  lastSuccessAt: string | null;
                  /** Format: date-time */
                  nextFetchAt: string;
                  /** @description Of the last successful fetch: entities set aside */
                  rejected: number | null;
                };
                /** @description Its password and credential-like query values masked */
                url: string;
              }[];
            };
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Poll an operator's GTFS-Realtime VehiclePositions feed by its URL
     * @description The URL is fetched through the outbound guard (internal addresses only when OUTBOUND_ALLOW names them: 422 otherwise) every intervalSeconds by the worker, waiting longer after each failure.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Sent with each fetch (e.g. an API key); never shown again */
            headers?: {
              [key: string]: string;
            };
            intervalSeconds: number;
            /** @description Whose vehicles: entity ids are urn:ngsi-ld:Vehicle:<scope>:<vehicle id> (default gtfsrt) */
            scope?: string;
            url: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              /** @description Header names; values masked */
              headers: {
                [key: string]: string;
              };
              id: string;
              intervalSeconds: number;
              scope: string;
              status: {
                /** @description Of the last successful fetch: vehicles taken in */
                accepted: number | null;
                /** @description Of the last successful fetch: entities in the feed */
                entities: number | null;
                /** @description Since the last success; the wait doubles with each */
                failures: number;
                lastAttemptAt: string | null;
                lastError: string | null;
                lastErrorAt: string | null;
                lastSuccessAt: string | null;
                /** Format: date-time */
                nextFetchAt: string;
                /** @description Of the last successful fetch: entities set aside */
                rejected: number | null;
              };
              /** @description Its password and credential-like query values masked */
              url: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/vehicle-feeds/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One polled feed and its status */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              createdBy: string | null;
              /** @description Header names; values masked */
              headers: {
                [key: string]: string;
              };
              id: string;
              intervalSeconds: number;
              scope: string;
              status: {
                /** @description Of the last successful fetch: vehicles taken in */
                accepted: number | null;
                /** @description Of the last successful fetch: entities in the feed */
                entities: number | null;
                /** @description Since the last success; the wait doubles with each */
                failures: number;
                lastAttemptAt: string | null;
                lastError: string | null;
                lastErrorAt: string | null;
                lastSuccessAt: string | null;
                /** Format: date-time */
                nextFetchAt: string;
                /** @description Of the last successful fetch: entities set aside */
                rejected: number | null;
              };
              /** @description Its password and credential-like query values masked */
              url: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Stop polling a feed */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/vehicle-positions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Push an operator's GTFS-Realtime VehiclePositions (a FeedMessage, application/x-protobuf)
     * @description Each vehicle becomes (or updates) the Vehicle entity urn:ngsi-ld:Vehicle:<scope>:<vehicle id>. A body that does not decode is refused whole (400). An entity without a vehicle id or a position, or stamped more than 60 s ahead, is set aside and listed in `rejected`; the others are taken in. A report older than the vehicle's current one goes to history only. At most 4 MB.
     */
    post: {
      parameters: {
        query?: {
          /** @description Whose vehicles: entity ids are urn:ngsi-ld:Vehicle:<scope>:<vehicle id> (default gtfsrt) */
          scope?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/octet-stream': unknown;
          'application/protobuf': unknown;
          'application/x-protobuf': unknown;
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Vehicles taken in */
              accepted: number;
              /** @description Entities in the feed */
              entities: number;
              rejected: {
                /** @description The entity's id */
                id?: string;
                /** @description The entity in the feed, from 0 */
                index: number;
                reason: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:feed` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/transit/vehicles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Buses as matched to their trips: deviation, status at or towards a stop, flags */
    get: {
      parameters: {
        query?: {
          route?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              vehicles: {
                deviation: number | null;
                distanceAlong: number | null;
                flags: ('off-route' | 'stopped-too-long' | 'silent')[];
                heading: number | null;
                /** @description The Vehicle entity id */
                id: string;
                lastRefused: {
                  /** Format: date-time */
                  at: string;
                  /** @description future-timestamp, gps-jump, unknown-trip or no-position */
                  reason: string;
                } | null;
                /** @description [lon, lat] */
                location: [number, number];
                /**
                 * Format: date-time
                 * @description Its last accepted reading
                 */
                observedAt: string;
                routeId: string | null;
                speed: number | null;
                startDate: string | null;
                status: ('INCOMING_AT' | 'STOPPED_AT' | 'IN_TRANSIT_TO') | null;
                stopId: string | null;
                stopSequence: number | null;
                tripId: string | null;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `transit:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ui/config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What the operations centre's page needs before login: the map style, the version, single sign-on */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              mapStyleUrl: string | null;
              /** @description Where "Log in with the city account" goes */
              ssoLoginUrl: string | null;
              version: string;
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List user accounts */
    get: {
      parameters: {
        query: {
          limit: number;
          offset: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                createdAt: string;
                disabled: boolean;
                /** @description Name shown in the operations centre (personal data: masked without pii:read) */
                displayName: string;
                email: string | null;
                /** @description UUID */
                id: string;
                lastLoginAt: string | null;
                /** @description Locked after failed logins until then */
                lockedUntil: string | null;
                /** @description Must choose a new password before anything else */
                mustChangePassword: boolean;
                phone: string | null;
                roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
                /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
                tenant: string;
                /** Format: date-time */
                updatedAt: string;
                username: string;
              }[];
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create a user account */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            displayName?: string;
            /** Format: email */
            email?: string;
            /** @description At least 12 characters; omit it to have one generated and returned once */
            password?: string;
            /** @description Phone number */
            phone?: string;
            roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
            /** @description Required: a tenant name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant (administrators only) */
            tenant?: string | null;
            /** @description 3-64 letters, digits, ., _ or - */
            username: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Only when no password was given; shown once */
              generatedPassword?: string;
              user: {
                /** Format: date-time */
                createdAt: string;
                disabled: boolean;
                /** @description Name shown in the operations centre (personal data: masked without pii:read) */
                displayName: string;
                email: string | null;
                /** @description UUID */
                id: string;
                lastLoginAt: string | null;
                /** @description Locked after failed logins until then */
                lockedUntil: string | null;
                /** @description Must choose a new password before anything else */
                mustChangePassword: boolean;
                phone: string | null;
                roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
                /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
                tenant: string;
                /** Format: date-time */
                updatedAt: string;
                username: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One user account */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description UUID */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              disabled: boolean;
              /** @description Name shown in the operations centre (personal data: masked without pii:read) */
              displayName: string;
              email: string | null;
              /** @description UUID */
              id: string;
              lastLoginAt: string | null;
              /** @description Locked after failed logins until then */
              lockedUntil: string | null;
              /** @description Must choose a new password before anything else */
              mustChangePassword: boolean;
              phone: string | null;
              roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
              /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
              tenant: string;
              /** Format: date-time */
              updatedAt: string;
              username: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a user account */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description UUID */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change roles, tenant, name or password, require a new password, or disable an account */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description UUID */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            disabled?: boolean;
            displayName?: string;
            /** Format: email */
            email?: string;
            /** @description true: the person must choose a new password at their next login */
            mustChangePassword?: boolean;
            password?: string;
            /** @description Phone number */
            phone?: string;
            roles?: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
            /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
            tenant?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              disabled: boolean;
              /** @description Name shown in the operations centre (personal data: masked without pii:read) */
              displayName: string;
              email: string | null;
              /** @description UUID */
              id: string;
              lastLoginAt: string | null;
              /** @description Locked after failed logins until then */
              lockedUntil: string | null;
              /** @description Must choose a new password before anything else */
              mustChangePassword: boolean;
              phone: string | null;
              roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
              /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
              tenant: string;
              /** Format: date-time */
              updatedAt: string;
              username: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/users/{id}/password-reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Give an account a new generated password (shown once; its owner must change it at next login) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description UUID */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The new password: shown once, to be changed at next login */
              generatedPassword: string;
              user: {
                /** Format: date-time */
                createdAt: string;
                disabled: boolean;
                /** @description Name shown in the operations centre (personal data: masked without pii:read) */
                displayName: string;
                email: string | null;
                /** @description UUID */
                id: string;
                lastLoginAt: string | null;
                /** @description Locked after failed logins until then */
                lockedUntil: string | null;
                /** @description Must choose a new password before anything else */
                mustChangePassword: boolean;
                phone: string | null;
                roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
                /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
                tenant: string;
                /** Format: date-time */
                updatedAt: string;
                username: string;
              };
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}/unlock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Unlock an account locked after failed logins */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description UUID */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              disabled: boolean;
              /** @description Name shown in the operations centre (personal data: masked without pii:read) */
              displayName: string;
              email: string | null;
              /** @description UUID */
              id: string;
              lastLoginAt: string | null;
              /** @description Locked after failed logins until then */
              lockedUntil: string | null;
              /** @description Must choose a new password before anything else */
              mustChangePassword: boolean;
              phone: string | null;
              roles: ('admin' | 'operator' | 'dispatcher' | 'officer' | 'viewer' | 'monitor')[];
              /** @description Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant */
              tenant: string;
              /** Format: date-time */
              updatedAt: string;
              username: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `access:manage` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/warnings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's public warnings in force (CAP 1.2 messages, summarised in Vietnamese and English) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              warnings: {
                area: {
                  areaDesc: string;
                  /** @description Centre and radius in km */
                  circle?: {
                    lat: number;
                    lon: number;
                    radiusKm: number;
                  };
                  geocode?: {
                    value: string;
                    valueName: string;
                  };
                  /** @description A closed ring of [lon, lat] (GeoJSON order) */
                  polygon?: [number, number][];
                };
                condition: string;
                event: {
                  en: string;
                  vi: string;
                };
                /** Format: date-time */
                expires: string;
                headline: {
                  en: string;
                  vi: string;
                };
                identifier: string;
                /** @enum {unknown} */
                msgType: 'Alert' | 'Update' | 'Cancel';
                parameters: {
                  value: string;
                  valueName: string;
                }[];
                /** Format: date-time */
                sent: string;
                /** @description CAP severity: Extreme, Severe, Moderate, Minor or Unknown */
                severity: string;
                /** @description What the warning is about: an entity id or another stable name */
                source: string;
                /** @description The CAP message, as sent */
                url: string;
              }[];
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Write a warning to the public (a CAP Alert in Vietnamese and English, in the caller's tenant) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            area: {
              /** @description The area, as people name it */
              areaDesc: string;
              /** @description Centre and radius in km */
              circle?: {
                lat: number;
                lon: number;
                radiusKm: number;
              };
            };
            /**
             * @description CAP category
             * @enum {unknown}
             */
            category: 'Geo' | 'Met' | 'Safety' | 'Health' | 'Env' | 'Infra' | 'Other';
            /**
             * @description CAP certainty
             * @enum {unknown}
             */
            certainty: 'Observed' | 'Likely' | 'Possible';
            description: {
              /** @description The description in English */
              en: string;
              /** @description The description in Vietnamese */
              vi: string;
            };
            event: {
              /** @description What happens, in a few words in English */
              en: string;
              /** @description What happens, in a few words in Vietnamese */
              vi: string;
            };
            /**
             * Format: date-time
             * @description When it ends: after now, within 7 days
             */
            expires: string;
            headline: {
              /** @description The headline in English */
              en: string;
              /** @description The headline in Vietnamese */
              vi: string;
            };
            instruction?: {
              /** @description What people should do in English */
              en: string;
              /** @description What people should do in Vietnamese */
              vi: string;
            };
            /**
             * @description CAP severity
             * @enum {unknown}
             */
            severity: 'Extreme' | 'Severe' | 'Moderate' | 'Minor';
            /**
             * @description CAP urgency
             * @enum {unknown}
             */
            urgency: 'Immediate' | 'Expected' | 'Future';
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              area: {
                areaDesc: string;
                /** @description Centre and radius in km */
                circle?: {
                  lat: number;
                  lon: number;
                  radiusKm: number;
                };
                geocode?: {
                  value: string;
                  valueName: string;
                };
                /** @description A closed ring of [lon, lat] (GeoJSON order) */
                polygon?: [number, number][];
              };
              condition: string;
              event: {
                en: string;
                vi: string;
              };
              /** Format: date-time */
              expires: string;
              headline: {
                en: string;
                vi: string;
              };
              identifier: string;
              /** @enum {unknown} */
              msgType: 'Alert' | 'Update' | 'Cancel';
              parameters: {
                value: string;
                valueName: string;
              }[];
              /** Format: date-time */
              sent: string;
              /** @description CAP severity: Extreme, Severe, Moderate, Minor or Unknown */
              severity: string;
              /** @description What the warning is about: an entity id or another stable name */
              source: string;
              /** @description The CAP message, as sent */
              url: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `warnings:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/warnings/{identifier}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a written warning in force (a CAP Cancel referencing its messages) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          identifier: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              area: {
                areaDesc: string;
                /** @description Centre and radius in km */
                circle?: {
                  lat: number;
                  lon: number;
                  radiusKm: number;
                };
                geocode?: {
                  value: string;
                  valueName: string;
                };
                /** @description A closed ring of [lon, lat] (GeoJSON order) */
                polygon?: [number, number][];
              };
              condition: string;
              event: {
                en: string;
                vi: string;
              };
              /** Format: date-time */
              expires: string;
              headline: {
                en: string;
                vi: string;
              };
              identifier: string;
              /** @enum {unknown} */
              msgType: 'Alert' | 'Update' | 'Cancel';
              parameters: {
                value: string;
                valueName: string;
              }[];
              /** Format: date-time */
              sent: string;
              /** @description CAP severity: Extreme, Severe, Moderate, Minor or Unknown */
              severity: string;
              /** @description What the warning is about: an entity id or another stable name */
              source: string;
              /** @description The CAP message, as sent */
              url: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `warnings:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/warnings/cap.atom': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Atom feed of the tenant's CAP messages in force, with cap: summary elements */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Atom feed of the CAP messages in force */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/atom+xml': string;
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/warnings/cap/{identifier}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the tenant's CAP 1.2 messages, as sent (its URL never changes) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          identifier: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The CAP 1.2 message */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/cap+xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is running */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              checks?: {
                [key: string]: {
                  driver?: string;
                  latencyMs?: number;
                  status: 'up' | 'down';
                };
              };
              status: 'up' | 'down';
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The instance can serve requests: the database answers */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              checks?: {
                [key: string]: {
                  driver?: string;
                  latencyMs?: number;
                  status: 'up' | 'down';
                };
              };
              status: 'up' | 'down';
            };
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iot/d': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Measures from a device (UltraLight 2.0) */
    post: {
      parameters: {
        query?: {
          /** @description Device id */
          i?: unknown;
          /** @description API key of the service group */
          k?: unknown;
        };
        header?: {
          /** @description The device's own secret (groups with deviceAuth secret) */
          'x-device-secret'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Measures taken from the payload, now on their way */
              measures: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iot/devices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List devices, with their health */
    get: {
      parameters: {
        query?: {
          limit?: number;
          offset?: number;
          protocol?: string;
          /** @description Text found in the device id, its entity name or its entity type (any case) */
          q?: string;
          status?: 'online' | 'offline' | 'never' | 'outOfService';
          /** @description Its entity type, exactly */
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              count: number;
              devices: {
                apikey?: string;
                attributes: {
                  /** @description UN/CEFACT unit code of the attribute */
                  metadata?: {
                    unitCode: {
                      /** @enum {string} */
                      type: 'Text';
                      value: string;
                    };
                  };
                  name: string;
                  /** @description The measure’s name in what the device sends */
                  object_id?: string;
                  type: string;
                }[];
                autoprovisioned: boolean;
                commands: {
                  name: string;
                  type: string;
                }[];
                device_id: string;
                /** @description Where the device takes commands (HTTP push) */
                endpoint?: string;
                entity_name: string;
                entity_type: string;
                explicitAttrs?: boolean;
                /** @description The platform’s own watch of the device */
                health: {
                  errors: number;
                  lastSeenAt: string | null;
                  messages: number;
                  /**
                   * @description Heard within IOT_OFFLINE_AFTER, not since, or never; outOfService: the device said it is out of service (a vehicle between trips), which is not offline
                   * @enum {unknown}
                   */
                  status: 'online' | 'offline' | 'never' | 'outOfService';
                };
                protocol?: string;
                /** @description Whether the device has a secret of its own (never shown again) */
                secret: boolean;
                /** @description The tenant */
                service: string;
                service_path: string;
                static_attributes: {
                  /** @description UN/CEFACT unit code of the attribute */
                  metadata?: {
                    unitCode: {
                      /** @enum {string} */
                      type: 'Text';
                      value: string;
                    };
                  };
                  name: string;
                  type: string;
                  value: unknown;
                }[];
                timestamp?: boolean;
                transport?: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Provision devices (all or none) and create their entities */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description The IoT Agent's JSON body */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Created, all of them */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iot/devices/{deviceId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A device, with its health */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          deviceId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apikey?: string;
              attributes: {
                /** @description UN/CEFACT unit code of the attribute */
                metadata?: {
                  unitCode: {
                    /** @enum {string} */
                    type: 'Text';
                    value: string;
                  };
                };
                name: string;
                /** @description The measure’s name in what the device sends */
                object_id?: string;
                type: string;
              }[];
              autoprovisioned: boolean;
              commands: {
                name: string;
                type: string;
              }[];
              device_id: string;
              /** @description Where the device takes commands (HTTP push) */
              endpoint?: string;
              entity_name: string;
              entity_type: string;
              explicitAttrs?: boolean;
              /** @description The platform’s own watch of the device */
              health: {
                errors: number;
                lastSeenAt: string | null;
                messages: number;
                /**
                 * @description Heard within IOT_OFFLINE_AFTER, not since, or never; outOfService: the device said it is out of service (a vehicle between trips), which is not offline
                 * @enum {unknown}
                 */
                status: 'online' | 'offline' | 'never' | 'outOfService';
              };
              protocol?: string;
              /** @description Whether the device has a secret of its own (never shown again) */
              secret: boolean;
              /** @description The tenant */
              service: string;
              service_path: string;
              static_attributes: {
                /** @description UN/CEFACT unit code of the attribute */
                metadata?: {
                  unitCode: {
                    /** @enum {string} */
                    type: 'Text';
                    value: string;
                  };
                };
                name: string;
                type: string;
                value: unknown;
              }[];
              timestamp?: boolean;
              transport?: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Change a device (the fields given) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          deviceId: string;
        };
        cookie?: never;
      };
      /** @description The IoT Agent's JSON body */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    /** Remove a device (its entity and history stay) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          deviceId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iot/devices/{deviceId}/secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Issue the device its own secret (shown once); a previous one is refused from now on */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          deviceId: string;
        };
        cookie?: never;
      };
      /** @description Nothing: the secret is made here */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Issued: the previous secret, if any, is refused from now on */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              device_id: string;
              /** @description The device’s new secret: shown this once, only its hash is kept */
              secret: string;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Revoke the device's own secret (a group with deviceAuth secret then refuses its readings) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          deviceId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iot/json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Measures from a device (IoT Agent JSON) */
    post: {
      parameters: {
        query?: {
          /** @description Device id */
          i?: unknown;
          /** @description API key of the service group */
          k?: unknown;
        };
        header?: {
          /** @description The device's own secret (groups with deviceAuth secret) */
          'x-device-secret'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Measures taken from the payload, now on their way */
              measures: number;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/iot/services': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List service groups */
    get: {
      parameters: {
        query?: {
          apikey?: string;
          limit?: number;
          offset?: number;
          resource?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              count: number;
              services: {
                apikey: string;
                attributes: {
                  /** @description UN/CEFACT unit code of the attribute */
                  metadata?: {
                    unitCode: {
                      /** @enum {string} */
                      type: 'Text';
                      value: string;
                    };
                  };
                  name: string;
                  /** @description The measure’s name in what the device sends */
                  object_id?: string;
                  type: string;
                }[];
                autoprovision: boolean;
                commands: {
                  name: string;
                  type: string;
                }[];
                /**
                 * @description apikey: the group’s API key names its devices (the FIWARE way); secret: each device must also give its own secret
                 * @enum {unknown}
                 */
                deviceAuth: 'apikey' | 'secret';
                entity_type: string;
                explicitAttrs: boolean;
                resource: string;
                /** @description The tenant */
                service: string;
                static_attributes: {
                  /** @description UN/CEFACT unit code of the attribute */
                  metadata?: {
                    unitCode: {
                      /** @enum {string} */
                      type: 'Text';
                      value: string;
                    };
                  };
                  name: string;
                  type: string;
                  value: unknown;
                }[];
                /** @description The service path */
                subservice: string;
                timestamp?: boolean;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Change a service group (the fields given) */
    put: {
      parameters: {
        query: {
          /** @description The API key of the group */
          apikey: string;
          /** @description Its resource, e.g. /iot/json */
          resource?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description The IoT Agent's JSON body */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Provision service groups (all or none); answers their apikeys, chosen by the server when left out */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description The IoT Agent's JSON body */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Created, all of them: each group with its apikey (the one given, or chosen by the server) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              services: {
                apikey: string;
                resource: string;
              }[];
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Remove a service group (device=true: its devices too; their entities stay) */
    delete: {
      parameters: {
        query: {
          /** @description The API key of the group */
          apikey: string;
          device?: boolean;
          /** @description Its resource, e.g. /iot/json */
          resource?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description No content */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `iot:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics of this instance (text exposition format) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Prometheus text exposition format */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/plain': string;
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `metrics:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/attributes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Attributes (details=true: each with the entity types having it) */
    get: {
      parameters: {
        query?: {
          /** @description true: the detailed representation */
          details?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The documents, or a list of them (details=true) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/attributes/{attrId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One attribute, with the types having it */
    get: {
      parameters: {
        query?: {
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
        };
        header?: never;
        path: {
          /** @description Attribute name */
          attrId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The document */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/csourceRegistrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Discover context source registrations (type or attrs; id, idPattern, geo- and temporal query; paged) */
    get: {
      parameters: {
        query?: {
          /** @description Attribute names, comma-separated: only entities having them, only them shown */
          attrs?: string;
          /** @description Coordinates of the geo-query, as a JSON array */
          coordinates?: string;
          /** @description true: the total number of results in NGSILD-Results-Count */
          count?: string;
          /** @description Context source filter: a query on a registration's own properties */
          csf?: string;
          /** @description End instant of timerel=between (ISO 8601) */
          endTimeAt?: string;
          /** @description Geometry of the geo-query: Point, LineString, Polygon, … */
          geometry?: string;
          /** @description GeoProperty the geo-query is on (default location) */
          geoproperty?: string;
          /** @description Geo-relationship: near;maxDistance==…, within, contains, intersects, equals, disjoint, overlaps */
          georel?: string;
          /** @description Entity ids, comma-separated */
          id?: string;
          /** @description Regular expression the entity id matches */
          idPattern?: string;
          /** @description Most results in one page */
          limit?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description Results skipped before the page */
          offset?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
          /** @description NGSI-LD query language expression */
          q?: string;
          /** @description Instant of the temporal query (ISO 8601) */
          timeAt?: string;
          /** @description Time property: observedAt, createdAt, modifiedAt, deletedAt */
          timeproperty?: string;
          /** @description Temporal relationship: before, after, between */
          timerel?: string;
          /** @description Entity type selection: names, "," (or) "|" (or) ";" (and), parentheses */
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The context source registrations */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            }[];
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Register a context source (kept for discovery; nothing is forwarded to it yet) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A context source registration (or a fragment of one) */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Created; Location names it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/csourceRegistrations/{registrationId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Retrieve a context source registration (options=sysAttrs) */
    get: {
      parameters: {
        query?: {
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
        };
        header?: never;
        path: {
          /** @description Context source registration id (a URI) */
          registrationId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The context source registration */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a context source registration */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Context source registration id (a URI) */
          registrationId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Update a context source registration (merge; null removes a member) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Context source registration id (a URI) */
          registrationId: string;
        };
        cookie?: never;
      };
      /** @description A context source registration (or a fragment of one) */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/ngsi-ld/v1/entities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Query entities */
    get: {
      parameters: {
        query?: {
          /** @description Attribute names, comma-separated: only entities having them, only them shown */
          attrs?: string;
          /** @description Coordinates of the geo-query, as a JSON array */
          coordinates?: string;
          /** @description true: the total number of results in NGSILD-Results-Count */
          count?: string;
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description Representation: normalized, concise, keyValues (simplified) */
          format?: string;
          /** @description Geometry of the geo-query: Point, LineString, Polygon, … */
          geometry?: string;
          /** @description GeoProperty given as the geometry of GeoJSON answers (default location) */
          geometryProperty?: string;
          /** @description GeoProperty the geo-query is on (default location) */
          geoproperty?: string;
          /** @description Geo-relationship: near;maxDistance==…, within, contains, intersects, equals, disjoint, overlaps */
          georel?: string;
          /** @description Entity ids, comma-separated */
          id?: string;
          /** @description Regular expression the entity id matches */
          idPattern?: string;
          /** @description Linked entities: inline (within the relationship) or flat (beside the entity), @none */
          join?: string;
          /** @description How many relationships deep join follows (default 1) */
          joinLevel?: string;
          /** @description Language of LanguageProperty values shown */
          lang?: string;
          /** @description Most results in one page */
          limit?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description Results skipped before the page */
          offset?: string;
          /** @description Entity members to leave out, comma-separated */
          omit?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
          /** @description Sort keys, comma-separated, each with ;asc or ;desc (id, type, createdAt, modifiedAt, attributes) */
          orderBy?: string;
          /** @description Entity members to show, comma-separated */
          pick?: string;
          /** @description NGSI-LD query language expression */
          q?: string;
          /** @description Scope query */
          scopeQ?: string;
          /** @description Entity type selection: names, "," (or) "|" (or) ";" (and), parentheses */
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The entities (or a GeoJSON FeatureCollection) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create an entity */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description An entity (JSON or JSON-LD with @context) */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Created; Location names it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Purge the entities a query selects (keep, drop: only some of their attributes) */
    delete: {
      parameters: {
        query?: {
          /** @description Purge: these attributes are removed, comma-separated */
          drop?: string;
          /** @description Entity ids, comma-separated */
          id?: string;
          /** @description Regular expression the entity id matches */
          idPattern?: string;
          /** @description Purge: only these attributes are kept, comma-separated */
          keep?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description NGSI-LD query language expression */
          q?: string;
          /** @description Scope query */
          scopeQ?: string;
          /** @description Entity type selection: names, "," (or) "|" (or) ";" (and), parentheses */
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/entities/{entityId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Retrieve an entity */
    get: {
      parameters: {
        query?: {
          /** @description Attribute names, comma-separated: only entities having them, only them shown */
          attrs?: string;
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description Representation: normalized, concise, keyValues (simplified) */
          format?: string;
          /** @description GeoProperty given as the geometry of GeoJSON answers (default location) */
          geometryProperty?: string;
          /** @description Linked entities: inline (within the relationship) or flat (beside the entity), @none */
          join?: string;
          /** @description How many relationships deep join follows (default 1) */
          joinLevel?: string;
          /** @description Language of LanguageProperty values shown */
          lang?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description Entity members to leave out, comma-separated */
          omit?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
          /** @description Entity members to show, comma-separated */
          pick?: string;
        };
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The entity (or a GeoJSON Feature) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /** Replace an entity */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      /** @description An entity (JSON or JSON-LD with @context) */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    /** Delete an entity */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Merge a fragment into an entity (NGSI-LD Null deletes) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      /** @description An entity fragment: attributes, and for a merge type and scope */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/ngsi-ld/v1/entities/{entityId}/attrs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Append attributes (options=noOverwrite keeps existing ones) */
    post: {
      parameters: {
        query?: {
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
        };
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      /** @description An entity fragment: attributes, and for a merge type and scope */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Every attribute updated */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Some attributes were not updated: updated and notUpdated */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    /** Update existing attributes */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      /** @description An entity fragment: attributes, and for a merge type and scope */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Every attribute updated */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Some attributes were not updated: updated and notUpdated */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/ngsi-ld/v1/entities/{entityId}/attrs/{attrId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Replace one attribute */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Attribute name */
          attrId: string;
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      /** @description One attribute */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    /** Delete an attribute (datasetId, deleteAll), or the scope */
    delete: {
      parameters: {
        query?: {
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description true: every instance of the attribute */
          deleteAll?: string;
        };
        header?: never;
        path: {
          /** @description Attribute name */
          attrId: string;
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Partially update one attribute */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Attribute name */
          attrId: string;
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      /** @description One attribute */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/ngsi-ld/v1/entityOperations/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create many entities */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A batch: an array of entities */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Ids created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': string[];
          };
        };
        /** @description Some entities failed: success and errors */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/entityOperations/delete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Delete many entities by id */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A batch delete: an array of entity ids */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Every entity done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Some entities failed: success and errors */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/entityOperations/merge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Merge fragments into many entities */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A batch: an array of entities */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Every entity done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Some entities failed: success and errors */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/entityOperations/query': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Query entities with a Query document in the body */
    post: {
      parameters: {
        query?: {
          /** @description Attribute names, comma-separated: only entities having them, only them shown */
          attrs?: string;
          /** @description true: the total number of results in NGSILD-Results-Count */
          count?: string;
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description Representation: normalized, concise, keyValues (simplified) */
          format?: string;
          /** @description GeoProperty given as the geometry of GeoJSON answers (default location) */
          geometryProperty?: string;
          /** @description Language of LanguageProperty values shown */
          lang?: string;
          /** @description Most results in one page */
          limit?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description Results skipped before the page */
          offset?: string;
          /** @description Entity members to leave out, comma-separated */
          omit?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
          /** @description Entity members to show, comma-separated */
          pick?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A Query document ({"type": "Query", …}) */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description The entities (or a GeoJSON FeatureCollection) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/entityOperations/update': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Update attributes of many entities (options=noOverwrite) */
    post: {
      parameters: {
        query?: {
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A batch: an array of entities */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Every entity done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Some entities failed: success and errors */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/entityOperations/upsert': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create or replace (options=update: extend) many entities */
    post: {
      parameters: {
        query?: {
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A batch: an array of entities */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description Ids created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': string[];
          };
        };
        /** @description Every entity existed and was updated */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Some entities failed: success and errors */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/jsonldContexts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The @context documents held: hosted, cached and implicitly created */
    get: {
      parameters: {
        query?: {
          /** @description true: the detailed representation */
          details?: string;
          /** @description Hosted, Cached or ImplicitlyCreated */
          kind?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description URLs, or details (details=true) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown[];
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Host a @context document */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A @context document ({"@context": …}) */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Created; Location names it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/jsonldContexts/{contextId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A hosted or cached @context document */
    get: {
      parameters: {
        query?: {
          /** @description true: the detailed representation */
          details?: string;
        };
        header?: never;
        path: {
          /** @description Local id of a hosted or cached @context */
          contextId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The @context document, or its details (details=true) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Forget a @context (reload=true: download a cached one again) */
    delete: {
      parameters: {
        query?: {
          /** @description true: download a cached @context again instead of forgetting it */
          reload?: string;
        };
        header?: never;
        path: {
          /** @description Local id of a hosted or cached @context */
          contextId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Query subscriptions (limit, offset, count; options=sysAttrs) */
    get: {
      parameters: {
        query?: {
          /** @description true: the total number of results in NGSILD-Results-Count */
          count?: string;
          /** @description Most results in one page */
          limit?: string;
          /** @description Results skipped before the page */
          offset?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create a subscription */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/subscriptions/{subscriptionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Retrieve a subscription (options=sysAttrs) */
    get: {
      parameters: {
        query?: {
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
        };
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a subscription */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Update a subscription (merge; null removes a member) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/ngsi-ld/v1/temporal/entities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Query the temporal evolution of entities */
    get: {
      parameters: {
        query?: {
          /** @description Aggregation methods, comma-separated (aggregatedValues) */
          aggrMethods?: string;
          /** @description Aggregation period (ISO 8601 duration) */
          aggrPeriodDuration?: string;
          /** @description Attribute names, comma-separated: only entities having them, only them shown */
          attrs?: string;
          /** @description Coordinates of the geo-query, as a JSON array */
          coordinates?: string;
          /** @description true: the total number of results in NGSILD-Results-Count */
          count?: string;
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description Older name of endTimeAt */
          endTime?: string;
          /** @description End instant of timerel=between (ISO 8601) */
          endTimeAt?: string;
          /** @description Representation: normalized, concise, keyValues (simplified) */
          format?: string;
          /** @description Geometry of the geo-query: Point, LineString, Polygon, … */
          geometry?: string;
          /** @description GeoProperty the geo-query is on (default location) */
          geoproperty?: string;
          /** @description Geo-relationship: near;maxDistance==…, within, contains, intersects, equals, disjoint, overlaps */
          georel?: string;
          /** @description Entity ids, comma-separated */
          id?: string;
          /** @description Regular expression the entity id matches */
          idPattern?: string;
          /** @description Language of LanguageProperty values shown */
          lang?: string;
          /** @description Only the last N instances of each attribute */
          lastN?: string;
          /** @description Most results in one page */
          limit?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description Results skipped before the page */
          offset?: string;
          /** @description Entity members to leave out, comma-separated */
          omit?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
          /** @description Sort keys, comma-separated, each with ;asc or ;desc (id, type, createdAt, modifiedAt, attributes) */
          orderBy?: string;
          /** @description Entity members to show, comma-separated */
          pick?: string;
          /** @description NGSI-LD query language expression */
          q?: string;
          /** @description Scope query */
          scopeQ?: string;
          /** @description Older name of timeAt */
          time?: string;
          /** @description Instant of the temporal query (ISO 8601) */
          timeAt?: string;
          /** @description Time property: observedAt, createdAt, modifiedAt, deletedAt */
          timeproperty?: string;
          /** @description Temporal relationship: before, after, between */
          timerel?: string;
          /** @description Entity type selection: names, "," (or) "|" (or) ";" (and), parentheses */
          type?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The temporal evolution */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description A part: Content-Range says which */
        206: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create a temporal entity, or add instances to it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A temporal entity: attributes as arrays of instances */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Created; Location names it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/temporal/entities/{entityId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Retrieve the temporal evolution of an entity */
    get: {
      parameters: {
        query?: {
          /** @description Aggregation methods, comma-separated (aggregatedValues) */
          aggrMethods?: string;
          /** @description Aggregation period (ISO 8601 duration) */
          aggrPeriodDuration?: string;
          /** @description Attribute names, comma-separated: only entities having them, only them shown */
          attrs?: string;
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description Older name of endTimeAt */
          endTime?: string;
          /** @description End instant of timerel=between (ISO 8601) */
          endTimeAt?: string;
          /** @description Representation: normalized, concise, keyValues (simplified) */
          format?: string;
          /** @description Language of LanguageProperty values shown */
          lang?: string;
          /** @description Only the last N instances of each attribute */
          lastN?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description Entity members to leave out, comma-separated */
          omit?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
          /** @description Entity members to show, comma-separated */
          pick?: string;
          /** @description Older name of timeAt */
          time?: string;
          /** @description Instant of the temporal query (ISO 8601) */
          timeAt?: string;
          /** @description Time property: observedAt, createdAt, modifiedAt, deletedAt */
          timeproperty?: string;
          /** @description Temporal relationship: before, after, between */
          timerel?: string;
        };
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The temporal evolution */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description A part: Content-Range says which */
        206: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a temporal entity and its whole history */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/temporal/entities/{entityId}/attrs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add attribute instances to a temporal entity */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      /** @description A temporal entity: attributes as arrays of instances */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/temporal/entities/{entityId}/attrs/{attrId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete an attribute's history (datasetId, deleteAll) */
    delete: {
      parameters: {
        query?: {
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description true: every instance of the attribute */
          deleteAll?: string;
        };
        header?: never;
        path: {
          /** @description Attribute name */
          attrId: string;
          /** @description Entity id (a URI) */
          entityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/temporal/entities/{entityId}/attrs/{attrId}/{instanceId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete one attribute instance */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Attribute name */
          attrId: string;
          /** @description Entity id (a URI) */
          entityId: string;
          /** @description Instance id (a URI) */
          instanceId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Correct one attribute instance */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Attribute name */
          attrId: string;
          /** @description Entity id (a URI) */
          entityId: string;
          /** @description Instance id (a URI) */
          instanceId: string;
        };
        cookie?: never;
      };
      /** @description One attribute */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:write` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/ngsi-ld/v1/temporal/entityOperations/query': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Query the temporal evolution of entities with a Query document */
    post: {
      parameters: {
        query?: {
          /** @description Aggregation methods, comma-separated (aggregatedValues) */
          aggrMethods?: string;
          /** @description Aggregation period (ISO 8601 duration) */
          aggrPeriodDuration?: string;
          /** @description true: the total number of results in NGSILD-Results-Count */
          count?: string;
          /** @description datasetIds of the attribute instances meant, comma-separated */
          datasetId?: string;
          /** @description Older name of endTimeAt */
          endTime?: string;
          /** @description End instant of timerel=between (ISO 8601) */
          endTimeAt?: string;
          /** @description Representation: normalized, concise, keyValues (simplified) */
          format?: string;
          /** @description Language of LanguageProperty values shown */
          lang?: string;
          /** @description Only the last N instances of each attribute */
          lastN?: string;
          /** @description Most results in one page */
          limit?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
          /** @description Results skipped before the page */
          offset?: string;
          /** @description Entity members to leave out, comma-separated */
          omit?: string;
          /** @description keyValues, concise, normalized, sysAttrs, noOverwrite, update, replace (comma-separated) */
          options?: string;
          /** @description Sort keys, comma-separated, each with ;asc or ;desc (id, type, createdAt, modifiedAt, attributes) */
          orderBy?: string;
          /** @description Entity members to show, comma-separated */
          pick?: string;
          /** @description Older name of timeAt */
          time?: string;
          /** @description Instant of the temporal query (ISO 8601) */
          timeAt?: string;
          /** @description Time property: observedAt, createdAt, modifiedAt, deletedAt */
          timeproperty?: string;
          /** @description Temporal relationship: before, after, between */
          timerel?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A Query document ({"type": "Query", …}) */
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description The temporal evolution */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description A part: Content-Range says which */
        206: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Entity types (details=true: with attributes) */
    get: {
      parameters: {
        query?: {
          /** @description true: the detailed representation */
          details?: string;
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The documents, or a list of them (details=true) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ngsi-ld/v1/types/{type}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One entity type, with its attributes */
    get: {
      parameters: {
        query?: {
          /** @description true: only what this broker holds (it holds everything it answers with) */
          local?: string;
        };
        header?: never;
        path: {
          /** @description Entity type name */
          type: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The document */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description UNAUTHENTICATED: no valid session token or API key. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description FORBIDDEN: the caller's roles lack `context:read` in the tenant, or the tenant is not theirs. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/discovery.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Service discovery: the endpoint, its formats, the contact (also .xml) */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description Service discovery: the endpoint, its formats, the contact */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/media/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A report's photo */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The photo as stored: JPEG, PNG or WebP, read through and stripped of its metadata */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'image/*': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/requests.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Reports: by ids, service, status, dates or near a point, paged (also .xml) */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          end_date?: string | string[];
          extensions?: string | string[];
          jurisdiction_id?: string | string[];
          lat?: string | string[];
          locale?: string | string[];
          long?: string | string[];
          page?: string | string[];
          page_size?: string | string[];
          radius?: string | string[];
          service_code?: string | string[];
          service_request_id?: string | string[];
          start_date?: string | string[];
          status?: string | string[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description Reports: by ids, service, status, dates or near a point, paged */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** A new report: a form, multipart with up to 3 photos, or JSON (also .xml) */
    post: {
      parameters: {
        query?: {
          api_key?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description A new report: a form, multipart with up to 3 photos, or JSON */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/requests/{file}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One report, by {id} (.json or .xml) */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          extensions?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
        };
        header?: never;
        path: {
          file: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description One report, by {id} */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/servicerequestupdates.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Public updates of reports (mySociety's servicerequestupdates) (also .xml) */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          end_date?: string | string[];
          extended_statuses?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
          page?: string | string[];
          page_size?: string | string[];
          service_request_id?: string | string[];
          start_date?: string | string[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description Public updates of reports (mySociety's servicerequestupdates) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/services.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The services (categories) citizens report under (also .xml) */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The services (categories) citizens report under */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/services/{file}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A service's definition: its questions, by {code} (.json or .xml) */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
        };
        header?: never;
        path: {
          file: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description A service's definition: its questions, by {code} */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/open311/v2/tokens/{file}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The report a reporter's {token} follows (.json or .xml) */
    get: {
      parameters: {
        query?: {
          api_key?: string | string[];
          jurisdiction_id?: string | string[];
          locale?: string | string[];
        };
        header?: never;
        path: {
          file: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The specification's error list: each error's HTTP code and description */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The same list, with a request id to quote */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The report a reporter's {token} follows */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>[];
            'text/xml': string;
          };
        };
        /** @description The input is refused: VALIDATION_FAILED (each field in `errors`) or a code of the operation's module. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description NOT_FOUND (or the module's own code): nothing of that name, or not the caller's to see. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description INTERNAL: a bug; nothing about it is revealed, the full error is logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description DATABASE_UNAVAILABLE (with Retry-After) or QUERY_TIMEOUT: try again, or ask for less. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description An RFC 9457 problem document; `code` is stable (docs/errors.md), `detail` is for people. */
    Problem: {
      code: string;
      detail: string;
      /** @description Each refused field, for VALIDATION_FAILED and the modules' form errors. */
      errors?: {
        [key: string]: unknown;
      }[];
      instance: string;
      requestId: string;
      status: number;
      title: string;
      type: string;
    } & {
      [key: string]: unknown;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
