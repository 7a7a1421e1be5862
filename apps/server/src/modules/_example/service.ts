/** The rules of the example module: a greeting in the configured language. */

export interface Greeting {
  readonly text: string;
  readonly language: 'vi' | 'en';
}

export class GreetingService {
  readonly #language: 'vi' | 'en';

  constructor(language: 'vi' | 'en') {
    this.#language = language;
  }

  greet(name: string): Greeting {
    const text = this.#language === 'vi' ? `Xin chào, ${name}!` : `Hello, ${name}!`;
    return { text, language: this.#language };
  }
}
