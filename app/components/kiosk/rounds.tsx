/**
 * One person after another on a kiosk's long form: after `idleSeconds` without a touch the
 * kiosk asks "Ông/Bà còn tiếp tục không?" and, unanswered for 20 s, clears the form for the
 * next person; after a submission it thanks for 5 s and starts a fresh form. Shared by the
 * light form (long-form.tsx) and the SurveyJS fallback (kiosk-form.client.tsx).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { translator, type Locale } from "~/utils/i18n";

const ASK_SECONDS = 20;
const THANKS_MS = 5000;

export type Phase = "answering" | "asking" | "thanks";

export function useKioskRounds(opts: {
  idleSeconds: number;
  /** Something was answered: only then does an idle kiosk ask. */
  started: () => boolean;
  /** Clear the form for the next person. */
  onRestart: () => void;
}) {
  const [phase, setPhase] = useState<Phase>("answering");
  const [left, setLeft] = useState(ASK_SECONDS);
  /** Monotonic, like every idle timer here: a wall clock set under the page changes nothing. */
  const lastTouch = useRef(performance.now());
  const latest = useRef(opts);
  latest.current = opts;

  const thank = useCallback(() => setPhase("thanks"), []);

  const restart = () => {
    lastTouch.current = performance.now();
    latest.current.onRestart();
    setPhase("answering");
  };

  // Any touch or key counts as activity.
  useEffect(() => {
    const touch = () => {
      lastTouch.current = performance.now();
    };
    const events = ["pointerdown", "keydown", "input"] as const;
    for (const e of events) document.addEventListener(e, touch, true);
    return () => {
      for (const e of events) document.removeEventListener(e, touch, true);
    };
  }, []);

  useEffect(() => {
    const timer = setInterval(() => {
      if (phase !== "answering") return;
      const idle = performance.now() - lastTouch.current > opts.idleSeconds * 1000;
      if (idle && latest.current.started()) {
        setLeft(ASK_SECONDS);
        setPhase("asking");
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [phase, opts.idleSeconds]);

  useEffect(() => {
    if (phase === "asking") {
      if (left <= 0) {
        restart();
        return;
      }
      const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
      return () => clearTimeout(timer);
    }
    if (phase === "thanks") {
      const timer = setTimeout(restart, THANKS_MS);
      return () => clearTimeout(timer);
    }
  }, [phase, left]);

  return {
    phase,
    left,
    restart,
    thank,
    keepGoing: () => {
      lastTouch.current = performance.now();
      setPhase("answering");
    },
  };
}

export function ThanksScreen({ locale, onClick }: { locale: Locale; onClick: () => void }) {
  const t = translator(locale);
  return (
    <button type="button" className="kiosk-screen kiosk-thanks" onClick={onClick}>
      <span className="kiosk-thanks-title" role="status">
        {t("kiosk.thanks.title")}
      </span>
      <span>{t("kiosk.thanks.body")}</span>
    </button>
  );
}

export function IdleDialog(props: {
  locale: Locale;
  left: number;
  onRestart: () => void;
  onContinue: () => void;
}) {
  const t = translator(props.locale);
  return (
    <div className="kiosk-dialog" role="alertdialog" aria-labelledby="kiosk-idle-title">
      <div>
        <h1 id="kiosk-idle-title">{t("kiosk.idle.title")}</h1>
        <p>{t("kiosk.idle.body", { s: props.left })}</p>
        <div className="kiosk-reason-actions">
          <button type="button" className="kiosk-action secondary" onClick={props.onRestart}>
            {t("kiosk.idle.restart")}
          </button>
          <button type="button" className="kiosk-action" onClick={props.onContinue}>
            {t("kiosk.idle.continue")}
          </button>
        </div>
      </div>
    </div>
  );
}
