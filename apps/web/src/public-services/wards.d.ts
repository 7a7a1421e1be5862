/** Made at build time by vite.config.ts from the city facts (apps/server/data/city/areas.json). */
declare module 'virtual:thanglong-wards' {
  export const WARDS: readonly { readonly code: string; readonly name: string; readonly nameEn: string }[];
}
