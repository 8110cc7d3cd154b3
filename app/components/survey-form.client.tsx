/**
 * The SurveyJS form, browser-only: server rendering it costs ~8× throughput and emits
 * ~170 KB of inline styles (docs/decisions/003-client-only-surveyjs.md). Drawn by the island
 * script of the survey page and of the questionnaire preview (survey-island.entry.tsx), so no
 * other page pays for survey-core. Its texts come as data (survey-texts.ts), its
 * stylesheet comes with the page (a bundle built on its own would inline the CSS into JS).
 */
import "survey-core/i18n/vietnamese";
import { useEffect, useMemo, useRef, useState } from "react";
import { surveyLocalization, type Model } from "survey-core";
import { Survey } from "survey-react-ui";
import { createSurveyModel } from "~/components/survey-model";
import type { Locale } from "~/utils/i18n";
import { markSent } from "./survey-gate";
import type { SurveyTexts } from "./survey-texts";

/** RFC 4122 v4 from getRandomValues: crypto.randomUUID needs a secure context, LAN tablets may not have one. */
function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The honeypot field SurveyGate renders out of sight: people leave it empty, form-filling bots do not. */
function honeypot(): { website?: string } {
  const v = document.querySelector<HTMLInputElement>('input[name="website"]')?.value ?? "";
  return v ? { website: v } : {};
}

// Catalog texts are {"default": Vietnamese, "en": English}: make "default" mean Vietnamese.
surveyLocalization.defaultLocale = "vi";

type State =
  | { kind: "answering" }
  | { kind: "previewed" }
  | { kind: "sending" }
  | { kind: "sent" }
  | { kind: "error"; message: string };

export default function SurveyForm({
  token,
  survey,
  locale,
  texts,
  preview = false,
}: {
  /** The access token; null in preview, where nothing is sent. */
  token: string | null;
  survey: Record<string, unknown>;
  locale: Locale;
  texts: SurveyTexts;
  preview?: boolean;
}) {
  const t = (key: keyof SurveyTexts) => texts[key];
  const [state, setState] = useState<State>({ kind: "answering" });
  const startedAt = useRef(new Date().toISOString());
  const pending = useRef<{ id: string; answers: Record<string, unknown> } | null>(null);
  const model = useMemo(() => createSurveyModel(survey, locale), [survey, locale]);

  const send = async () => {
    const p = pending.current;
    if (!p) return;
    if (preview || token === null) {
      setState({ kind: "previewed" });
      return;
    }
    setState({ kind: "sending" });
    try {
      const res = await fetch("/api/v1/responses", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          id: p.id,
          token,
          answers: p.answers,
          startedAt: startedAt.current,
          locale,
          ...honeypot(),
        }),
      });
      if (res.status === 200 || res.status === 201) {
        markSent(token);
        setState({ kind: "sent" });
        return;
      }
      const body = (await res.json().catch(() => ({}))) as {
        message?: string;
        errors?: Array<{ message: string }>;
      };
      setState({
        kind: "error",
        message: body.errors?.map((e) => e.message).join(" ") ?? body.message ?? t("survey.error"),
      });
    } catch {
      setState({ kind: "error", message: t("survey.error") });
    }
  };

  useEffect(() => {
    const onComplete = (sender: Model) => {
      // One id per filled-in form: a retry of the same answers is stored once.
      pending.current = { id: newClientId(), answers: sender.data as Record<string, unknown> };
      void send();
    };
    model.onComplete.add(onComplete);
    return () => model.onComplete.remove(onComplete);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model]);

  if (state.kind === "sent") {
    return (
      <div className="thanks" role="status">
        <h1>{t("survey.thanks.title")}</h1>
        <p>{t("survey.thanks.body")}</p>
      </div>
    );
  }
  if (state.kind === "previewed") {
    return (
      <div className="thanks" role="status">
        <p>{t("preview.completed")}</p>
        <pre className="answers" aria-label={t("preview.answers")}>
          {JSON.stringify(pending.current?.answers, null, 2)}
        </pre>
      </div>
    );
  }
  if (state.kind === "sending") {
    return (
      <p className="thanks" role="status">
        {t("survey.sending")}
      </p>
    );
  }
  if (state.kind === "error") {
    return (
      <div className="thanks" role="alert">
        <p>{state.message}</p>
        <button type="button" className="button" onClick={() => void send()}>
          {t("survey.retry")}
        </button>
      </div>
    );
  }
  return <Survey model={model} />;
}
