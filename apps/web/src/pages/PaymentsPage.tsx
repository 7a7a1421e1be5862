import { useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../format';
import { hasKey, useI18n } from '../i18n';
import { DataTable, type Column } from '../panels/DataTable';
import { hanoiDay, PeriodPicker, periodInAddress } from '../panels/Period';
import { paymentsApi, type CounterReceipt, type Reconciliation, type Refund } from '../panels/payments/api';

/**
 * The payments dashboard for the treasury and the one-stop desks: over a period (kept in the address,
 * `?from=&to=`), the fees paid by transfer and at a counter, the receipts the desks recorded, the money
 * received that paid nothing, and the refunds due and made — every figure the server's reconciliation.
 * An administrator records a refund made with its own reference (audited by the server).
 */

export function PaymentsPage({ canRefund }: { canRefund: boolean }) {
  const { t, locale } = useI18n();
  const today = hanoiDay(Date.now());
  const [period] = useState(() => periodInAddress(today));
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [figures, setFigures] = useState<Reconciliation | null>(null);
  const [due, setDue] = useState<readonly Refund[]>([]);
  const [refunded, setRefunded] = useState<readonly Refund[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  // A reason this page has no words for (another module's) is shown as the module wrote it.
  const reasonWords = (reason: string) => {
    const key = `payments.reason.${reason}`;
    return hasKey(key) ? t(key) : reason;
  };
  const vnd = (n: number) => `${n.toLocaleString(locale)} đ`;

  useEffect(() => {
    history.replaceState(history.state, '', `${location.pathname}?${new URLSearchParams({ from, to }).toString()}`);
    let live = true;
    Promise.all([paymentsApi.reconciliation(from, to), paymentsApi.refunds('due'), paymentsApi.refunds('refunded')])
      .then(([r, d, done]) => {
        if (!live) return;
        setFigures(r);
        setDue(d.refunds);
        setRefunded(done.refunds);
        setError(null);
      })
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [from, to, reload]);

  const receipts: CounterReceipt[] = figures?.days.flatMap((d) => d.counter) ?? [];
  // The money the "không khớp" total is made of: each transfer that paid no intent, as the bank sent it.
  type Unsettled = Reconciliation['days'][number]['unmatched'][number];
  const unsettled: Unsettled[] =
    figures?.days.flatMap((d) => [...d.unmatched, ...d.amountMismatches, ...d.duplicates]) ?? [];
  const unsettledColumns: Column<Unsettled>[] = [
    { header: t('payments.transaction'), csv: (r) => r.transactionId },
    { header: t('payments.memo'), csv: (r) => r.reference },
    { header: t('payments.amount'), csv: (r) => r.amountVnd, show: (r) => vnd(r.amountVnd), numeric: true },
    {
      header: t('payments.outcome'),
      csv: (r) => r.outcome,
      show: (r) => <span data-outcome={r.outcome}>{t(`payments.outcome.${r.outcome}`)}</span>,
    },
    { header: t('payments.at'), csv: (r) => r.receivedAt, show: (r) => formatDateTime(r.receivedAt) },
  ];
  const receiptColumns: Column<CounterReceipt>[] = [
    { header: t('payments.receipt'), csv: (r) => r.receiptNumber },
    { header: t('payments.subject'), csv: (r) => r.subject },
    { header: t('payments.amount'), csv: (r) => r.amountVnd, show: (r) => vnd(r.amountVnd), numeric: true },
    { header: t('payments.by'), csv: (r) => r.by.name },
    { header: t('payments.at'), csv: (r) => r.paidAt, show: (r) => formatDateTime(r.paidAt) },
  ];
  const refundColumns = (state: 'due' | 'refunded'): Column<Refund>[] => [
    { header: t('payments.transaction'), csv: (r) => r.transactionId },
    { header: t('payments.subject'), csv: (r) => r.subject },
    { header: t('payments.amount'), csv: (r) => r.amountVnd, show: (r) => vnd(r.amountVnd), numeric: true },
    {
      header: t('payments.reason'),
      csv: (r) => r.reason,
      show: (r) => <span data-reason={r.reason}>{reasonWords(r.reason)}</span>,
    },
    { header: t('payments.dueAt'), csv: (r) => r.dueAt, show: (r) => formatDateTime(r.dueAt) },
    state === 'due'
      ? {
          header: t('payments.refund'),
          csv: () => '',
          show: (r) =>
            canRefund ? (
              <RefundForm refund={r} onDone={() => setReload((n) => n + 1)} onError={(message) => setError(message)} />
            ) : null,
        }
      : { header: t('payments.refundReference'), csv: (r) => r.refundReference ?? '' },
  ];
  const totals = figures?.totals;

  return (
    <div className="page pad payments-page">
      <h1>{t('payments.title')}</h1>
      <div className="toolbar" role="group" aria-label={t('index.period')}>
        <PeriodPicker from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </div>
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      {totals && (
        <dl className="payments-totals">
          <dt>{t('payments.transfer')}</dt>
          <dd data-total="transfer">
            {totals.channels.transfer.count} · {vnd(totals.channels.transfer.sumVnd)}
          </dd>
          <dt>{t('payments.counter')}</dt>
          <dd data-total="counter">
            {totals.channels.counter.count} · {vnd(totals.channels.counter.sumVnd)}
          </dd>
          <dt>{t('payments.unsettled')}</dt>
          <dd data-total="unsettled">{vnd(totals.unsettledVnd)}</dd>
          <dt>{t('payments.refundsOutstanding')}</dt>
          <dd data-total="refunds-outstanding">
            {totals.refunds.outstanding.count} · {vnd(totals.refunds.outstanding.sumVnd)}
          </dd>
          <dt>{t('payments.refundsRefunded')}</dt>
          <dd data-total="refunds-refunded">
            {totals.refunds.refunded.count} · {vnd(totals.refunds.refunded.sumVnd)}
          </dd>
        </dl>
      )}
      <DataTable
        caption={t('payments.unsettledList')}
        columns={unsettledColumns}
        rows={unsettled}
        rowKey={(r) => r.transactionId}
        filename={`khong-khop-${from}-${to}.csv`}
        empty={t('payments.none')}
      />
      <DataTable
        caption={t('payments.receipts')}
        columns={receiptColumns}
        rows={receipts}
        rowKey={(r) => `${r.purpose}:${r.subject}:${r.receiptNumber}`}
        filename={`bien-lai-tai-quay-${from}-${to}.csv`}
        empty={t('payments.none')}
      />
      <DataTable
        caption={t('payments.refundsDue')}
        columns={refundColumns('due')}
        rows={due}
        rowKey={(r) => r.transactionId}
        filename={`hoan-tien-phai-tra-${today}.csv`}
        empty={t('payments.none')}
      />
      <DataTable
        caption={t('payments.refundsMade')}
        columns={refundColumns('refunded')}
        rows={refunded}
        rowKey={(r) => r.transactionId}
        filename={`hoan-tien-da-tra-${today}.csv`}
        empty={t('payments.none')}
      />
    </div>
  );
}

/** Records a refund made: the reference of the transfer back, checked as the server checks it (not empty). */
function RefundForm({
  refund,
  onDone,
  onError,
}: {
  refund: Refund;
  onDone: () => void;
  onError: (message: string) => void;
}) {
  const { t } = useI18n();
  const [reference, setReference] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    paymentsApi.markRefunded(refund.transactionId, reference.trim()).then(onDone, (err: Error) => onError(err.message));
  };
  return (
    <form className="refund-form" data-refund={refund.transactionId} onSubmit={submit}>
      <input
        name="refundReference"
        aria-label={t('payments.refundReference')}
        value={reference}
        maxLength={100}
        onChange={(e) => setReference(e.target.value)}
      />
      <button type="submit" disabled={reference.trim() === ''}>
        {t('payments.markRefunded')}
      </button>
    </form>
  );
}
