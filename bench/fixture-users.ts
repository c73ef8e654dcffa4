/**
 * The user each API answers `POST /users` with in the per-call benchmark, as JSON text in the
 * shape of that API's spec. Shared by the fixture server and the in-memory `fetch`.
 */
export const FIXTURE_USERS = {
  joyfill: JSON.stringify({ type: "user", identifier: "u_1", group: "team-a" }),
  proficient: JSON.stringify({
    id: "usr_1",
    object: "user",
    created_at: 1_700_000_000_000,
    external_id: "42",
    first_name: "Ada",
    last_name: "Lovelace",
    live_mode: false,
    updated_at: 1_700_000_000_000,
  }),
} as const;
