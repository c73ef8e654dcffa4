// PROVISIONAL: replaced by `npm run generate`.
export const servers = [
  { url: "https://api.proficientai.com", description: "Production (The production environment)" },
  { url: "https://main-64bxvpctea-uc.a.run.app", description: "Staging (The staging environment)" },
  { url: "http://localhost:8080", description: "Development (The local environment)" },
] as const;
