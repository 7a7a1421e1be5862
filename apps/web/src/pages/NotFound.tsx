import { useI18n } from '../i18n';

/** An address the operations centre has no page for (an old link, a typo): say so and lead home. */
export function NotFound({ onHome }: { onHome: () => void }) {
  const { t } = useI18n();
  return (
    <main className="not-found pad">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text', { path: location.pathname })}</p>
      <a href="/" className="button primary" onClick={(e) => (e.preventDefault(), onHome())}>
        {t('notFound.home')}
      </a>
    </main>
  );
}
