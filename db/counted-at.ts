/**
 * The instant a response counts at (its month, its weekday and hour): a registered kiosk's
 * rating at its tap as the server placed it (a queue drained after midnight, after a month's
 * end or a campaign's end still counts when people tapped), any other response on arrival.
 */
export function countedAt(row: {
  kiosk_id?: string | null;
  started_at?: string | null;
  submitted_at: string;
}): string {
  return row.kiosk_id && row.started_at ? row.started_at : row.submitted_at;
}
