/**
 * A long questionnaire in kiosk layout drawn by SurveyJS (browser only, loaded lazily by
 * /kiosk/form): only for a questionnaire the light form cannot draw (long-form.tsx draws
 * all the others). Idle question, thanks and reset as there (rounds.tsx).
 */
import "survey-core/survey-core.fontless.min.css";
import "survey-core/i18n/vietnamese";
import { useEffect, useMemo, useRef, useState } from "react";
import { surveyLocalization, type Model } from "survey-core";
import { Survey } from "survey-react-ui";
import { createSurveyModel } from "~/components/survey-model";
import type { Locale } from "~/utils/i18n";
import { stampTap } from "./clock";
import { newClientId, type Outgoing } from "./queue";
import { IdleDialog, ThanksScreen, useKioskRounds } from "./rounds";

surveyLocalization.defaultLocale = "vi";

export default function KioskForm(props: {
  locale: Locale;
  token: string;
  title: string;
  survey: Record<string, unknown>;
  idleSeconds: number;
  submit: (item: Outgoing) => Promise<void>;
}) {
  const [round, setRound] = useState(0);
  /** Device time the form was started at: the rating's tap time (stamped by ./clock.ts). */
  const startedAt = useRef(Date.now());

  const model = useMemo(
    () => createSurveyModel(props.survey, props.locale),
    // A new round is a new, empty form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.survey, props.locale, round],
  );

  const rounds = useKioskRounds({
    idleSeconds: props.idleSeconds,
    started: () => !model.isEmpty || model.currentPageNo > 0,
    onRestart: () => {
      startedAt.current = Date.now();
      setRound((r) => r + 1);
    },
  });

  useEffect(() => {
    const onComplete = (sender: Model) => {
      const item: Outgoing = {
        id: newClientId(),
        token: props.token,
        answers: sender.data as Record<string, unknown>,
        ...stampTap(startedAt.current),
        locale: props.locale,
      };
      void props.submit(item).then(rounds.thank);
    };
    model.onComplete.add(onComplete);
    return () => model.onComplete.remove(onComplete);
  }, [model, props, rounds.thank]);

  if (rounds.phase === "thanks")
    return <ThanksScreen locale={props.locale} onClick={rounds.restart} />;
  return (
    <div className="kiosk-form" data-testid="kiosk-form">
      <h1 style={{ padding: "0.5em 1em 0" }}>{props.title}</h1>
      <Survey key={round} model={model} />
      {rounds.phase === "asking" && (
        <IdleDialog
          locale={props.locale}
          left={rounds.left}
          onRestart={rounds.restart}
          onContinue={rounds.keepGoing}
        />
      )}
    </div>
  );
}
