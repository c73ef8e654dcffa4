// PROVISIONAL: replaced by `npm run generate`.
export const servers = [{ url: "https://api-joy.joyfill.io/v1" }] as const;
