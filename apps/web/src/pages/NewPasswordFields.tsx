import { useI18n } from '../i18n';

/**
 * The new password, twice, as the first-login form and the account page both ask for it: the browser
 * may offer a generated one (autocomplete new-password), and the server's rules decide the rest.
 */
export function NewPasswordFields(props: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly repeated: string;
  readonly onRepeated: (value: string) => void;
  readonly autoFocus?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('password.new')}
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          minLength={12}
          required
          autoFocus={props.autoFocus}
        />
      </label>
      <label>
        {t('password.repeat')}
        <input
          name="repeat-password"
          type="password"
          autoComplete="new-password"
          value={props.repeated}
          onChange={(e) => props.onRepeated(e.target.value)}
          required
        />
      </label>
    </>
  );
}
