/**
 * The kiosk's one-tap screen, described as plain data: the rating question, its levels
 * (best first) and the follow-up reasons shown for low ratings. Built on the server from the
 * questionnaire (app/services/kiosks.server.ts); the kiosk page renders it without SurveyJS.
 */
export interface QuickLevel {
  /** The value stored in the answers (2 / 1 / 0 for the counter evaluation). */
  value: string | number;
  text: string;
  satisfied: boolean;
  /** -1 (saddest) … 1 (happiest): the face drawn on the button. */
  mood: number;
  /** Low ratings ask for reasons. */
  asksReasons: boolean;
}

export interface QuickRating {
  question: string;
  title: string;
  levels: QuickLevel[];
  reasons: {
    question: string;
    title: string;
    choices: Array<{ value: string | number; text: string }>;
  } | null;
}
