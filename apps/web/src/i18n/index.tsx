import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setRequestLanguage } from '../api';
import en from './en.json';
import vi from './vi.json';

/** Vietnamese by default, English one click away; every visible string comes from vi.json / en.json. */

export type Language = 'vi' | 'en';
export type MessageKey = keyof typeof vi;
const dictionaries: Record<Language, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'thanglong.language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  readonly language: Language;
  readonly t: Translate;
  readonly setLanguage: (language: Language) => void;
  /** Picks the language's side of a server text given in both. */
  readonly pick: (text: { vi: string; en: string } | undefined) => string;
  readonly locale: string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() =>
    localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi',
  );
  // Before any child asks the server anything, so its answers come in this language.
  setRequestLanguage(language);
  const setLanguage = useCallback((l: Language) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLanguageState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = dictionaries[language]['app.title'];
  }, [language]);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[language];
    return {
      language,
      setLanguage,
      locale: language === 'vi' ? 'vi-VN' : 'en-GB',
      t: (key, params) => {
        let text = dict[key] ?? key;
        if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
        return text;
      },
      pick: (text) => (text ? text[language] : ''),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

/** The key of a dynamic message, when the dictionary has one. */
export function hasKey(key: string): key is MessageKey {
  return key in vi;
}
