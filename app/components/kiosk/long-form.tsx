/**
 * A long questionnaire on a kiosk (/kiosk/form), drawn by the light renderer: the server
 * renders the form's markup (components/respondent/form-view.tsx) and the same script as on
 * /s/:token runs it (respondent/enhance.ts), sending through the kiosk's queue (queue.ts,
 * via the kiosk runtime) instead of the network. No SurveyJS: the page stays within the
 * kiosk's JavaScript budget. No draft on the device: a kiosk is shared. Each rating is
 * stamped by the kiosk's clock (./clock.ts) like the one-tap screen's.
 */
import { useEffect, useRef } from "react";
import type { EnhanceData } from "~/components/respondent/enhance-data";
import { enhanceForm } from "~/components/respondent/enhance";
import type { Locale } from "~/utils/i18n";
import { stampTap } from "./clock";
import type { Outgoing } from "./queue";
import { IdleDialog, ThanksScreen, useKioskRounds } from "./rounds";

export function KioskLongForm(props: {
  locale: Locale;
  /** The form as the server drew it, and what its script needs. */
  markup: string;
  data: EnhanceData;
  idleSeconds: number;
  submit: (item: Outgoing) => Promise<void>;
}) {
  const box = useRef<HTMLDivElement>(null);
  const handle = useRef<ReturnType<typeof enhanceForm> | null>(null);
  const submit = useRef(props.submit);
  submit.current = props.submit;
  /** Device time this person's form started at: the rating's tap time. */
  const startedAt = useRef(Date.now());
  const rounds = useKioskRounds({
    idleSeconds: props.idleSeconds,
    started: () => handle.current?.started() ?? false,
    onRestart: () => {
      handle.current?.reset();
      startedAt.current = Date.now();
      fresh.current = true;
    },
  });
  const thank = rounds.thank;
  const fresh = useRef(false);

  // A fresh form starts at its top, once it is shown again.
  useEffect(() => {
    if (rounds.phase !== "answering" || !fresh.current) return;
    fresh.current = false;
    handle.current?.toTop();
  }, [rounds.phase]);

  useEffect(() => {
    const form = box.current?.querySelector("form");
    if (!form) return;
    handle.current = enhanceForm(form, {
      ...props.data,
      history: false,
      send: async ({ startedAt: _pageTime, ...item }) => {
        // Stored on the tablet first; the queue sends it when it can. The tap time is the
        // kiosk's, corrected by its offset from the server, not the page's.
        await submit.current({ ...item, ...stampTap(startedAt.current) });
        return { kind: "stored" };
      },
      done: thank,
    });
    handle.current.start();
    return () => handle.current?.destroy();
    // The markup is drawn once; a new person gets the same form, reset.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <div
        ref={box}
        className="kiosk-form hl-kiosk"
        data-testid="kiosk-form"
        hidden={rounds.phase === "thanks"}
        // Drawn on the server; React never changes it after hydration.
        dangerouslySetInnerHTML={{ __html: props.markup }}
      />
      {rounds.phase === "thanks" && <ThanksScreen locale={props.locale} onClick={rounds.restart} />}
      {rounds.phase === "asking" && (
        <IdleDialog
          locale={props.locale}
          left={rounds.left}
          onRestart={rounds.restart}
          onContinue={rounds.keepGoing}
        />
      )}
    </>
  );
}
