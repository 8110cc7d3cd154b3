/**
 * A long questionnaire in kiosk layout (browser only, loaded lazily by /kiosk/form): after
 * `idleSeconds` without a touch it asks "Ông/Bà còn tiếp tục không?" and, unanswered, clears
 * the form for the next person; after a submission (queued on the device first) it thanks
 * and starts a fresh form.
 */
import "survey-core/survey-core.fontless.min.css";
import "survey-core/i18n/vietnamese";
import { useEffect, useMemo, useRef, useState } from "react";
import { surveyLocalization, type Model } from "survey-core";
import { Survey } from "survey-react-ui";
import { createSurveyModel } from "~/components/survey-model";
import { translator, type Locale } from "~/utils/i18n";
import { stampTap } from "./clock";
import { newClientId, type Outgoing } from "./queue";

surveyLocalization.defaultLocale = "vi";

const ASK_SECONDS = 20;
const THANKS_MS = 5000;

export default function KioskForm(props: {
  locale: Locale;
  token: string;
  title: string;
  survey: Record<string, unknown>;
  idleSeconds: number;
  submit: (item: Outgoing) => Promise<void>;
}) {
  const t = translator(props.locale);
  const [round, setRound] = useState(0);
  const [phase, setPhase] = useState<"answering" | "asking" | "thanks">("answering");
  const [left, setLeft] = useState(ASK_SECONDS);
  /** Device time the form was started at: the rating's tap time. */
  const startedAt = useRef(Date.now());
  /** Monotonic, like every idle timer here: a wall clock set under the page changes nothing. */
  const lastTouch = useRef(performance.now());

  const model = useMemo(() => {
    return createSurveyModel(props.survey, props.locale);
    // A new round is a new, empty form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.survey, props.locale, round]);

  const restart = () => {
    startedAt.current = Date.now();
    lastTouch.current = performance.now();
    setPhase("answering");
    setRound((r) => r + 1);
  };

  useEffect(() => {
    const onComplete = (sender: Model) => {
      const item: Outgoing = {
        id: newClientId(),
        token: props.token,
        answers: sender.data as Record<string, unknown>,
        ...stampTap(startedAt.current),
        locale: props.locale,
      };
      void props.submit(item).then(() => setPhase("thanks"));
    };
    model.onComplete.add(onComplete);
    return () => model.onComplete.remove(onComplete);
  }, [model, props]);

  // Any touch or key counts as activity.
  useEffect(() => {
    const touch = () => {
      lastTouch.current = performance.now();
    };
    document.addEventListener("pointerdown", touch, true);
    document.addEventListener("keydown", touch, true);
    document.addEventListener("input", touch, true);
    return () => {
      document.removeEventListener("pointerdown", touch, true);
      document.removeEventListener("keydown", touch, true);
      document.removeEventListener("input", touch, true);
    };
  }, []);

  useEffect(() => {
    const timer = setInterval(() => {
      if (phase !== "answering") return;
      const idle = performance.now() - lastTouch.current > props.idleSeconds * 1000;
      const started = !model.isEmpty || model.currentPageNo > 0;
      if (idle && started) {
        setLeft(ASK_SECONDS);
        setPhase("asking");
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [phase, model, props.idleSeconds]);

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

  if (phase === "thanks")
    return (
      <button type="button" className="kiosk-screen kiosk-thanks" onClick={restart}>
        <span className="kiosk-thanks-title" role="status">
          {t("kiosk.thanks.title")}
        </span>
        <span>{t("kiosk.thanks.body")}</span>
      </button>
    );
  return (
    <div className="kiosk-form" data-testid="kiosk-form">
      <h1 style={{ padding: "0.5em 1em 0" }}>{props.title}</h1>
      <Survey key={round} model={model} />
      {phase === "asking" && (
        <div className="kiosk-dialog" role="alertdialog" aria-labelledby="kiosk-idle-title">
          <div>
            <h1 id="kiosk-idle-title">{t("kiosk.idle.title")}</h1>
            <p>{t("kiosk.idle.body", { s: left })}</p>
            <div className="kiosk-reason-actions">
              <button type="button" className="kiosk-action secondary" onClick={restart}>
                {t("kiosk.idle.restart")}
              </button>
              <button
                type="button"
                className="kiosk-action"
                onClick={() => {
                  lastTouch.current = performance.now();
                  setPhase("answering");
                }}
              >
                {t("kiosk.idle.continue")}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
