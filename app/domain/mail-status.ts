/** What a page may show of the mail settings: the server and sender, or why mail is off. */
export type MailStatus =
  | { ready: true; server: string; from: string }
  | {
      ready: false;
      problem: "not_configured" | "bad_url" | "no_from" | "bad_from";
    };
