/** The payments' API as the payments dashboard reads it (/api/v1/payments/…), with the server's shapes. */
import { request, type ResponseOf } from '../../api';

export type Reconciliation = ResponseOf<'/api/v1/payments/reconciliation', 'get'>;
export type ReconciliationDay = Reconciliation['days'][number];
export type CounterReceipt = ReconciliationDay['counter'][number];
type Refunds = ResponseOf<'/api/v1/payments/refunds', 'get'>;
export type Refund = Refunds['refunds'][number];

const base = '/api/v1/payments';

export const paymentsApi = {
  /** Day by day over [from, to] (Hà Nội days, YYYY-MM-DD), with the totals. */
  reconciliation: (from: string, to: string) =>
    request<Reconciliation>('GET', `${base}/reconciliation?${new URLSearchParams({ from, to, format: 'json' })}`),
  refunds: (state: 'due' | 'refunded') => request<Refunds>('GET', `${base}/refunds?state=${state}&limit=200`),
  /** The treasury gave the money back: the refund's own reference (the transfer back or its voucher). */
  markRefunded: (transactionId: string, reference: string) =>
    request<Refund>('POST', `${base}/refunds/${encodeURIComponent(transactionId)}/refunded`, { reference }),
};
