/**
 * The one-tap rating screen: large faces, one tap; reasons when the rating is low; a thank-you;
 * back to the start within 5 seconds. Taps within the kiosk's minimum interval are ignored,
 * and the screen says so. Each screen takes the keyboard focus (its first button), so a
 * keyboard or switch user is on the faces again after a rating, not at the top of the page.
 */
import { useEffect, useRef, useState } from "react";
import type { QuickLevel, QuickRating } from "~/domain/quick-rating";
import { translator, type Locale } from "~/utils/i18n";
import { stampTap } from "./clock";
import { Face } from "./frame";
import { newClientId } from "./queue";
import type { KioskRuntime } from "./runtime";

const THANKS_MS = 4000;
/** How long "please wait" shows after an ignored tap. */
const IGNORED_MS = 2500;
/** Reasons left unanswered this long: the rating is sent without them. */
const REASONS_IDLE_MS = 25_000;

type State =
  | { kind: "rate" }
  | { kind: "reasons"; level: QuickLevel; at: Date; chosen: Array<string | number> }
  | { kind: "thanks" };

export function QuickScreen(props: {
  locale: Locale;
  token: string;
  quick: QuickRating;
  minIntervalMs: number;
  runtime: KioskRuntime;
  anonymous: boolean;
  /** The campaign takes dossier ratings: a field for the code on the dossier receipt. */
  dossierCode?: boolean;
}) {
  const t = translator(props.locale);
  const { quick } = props;
  const [state, setState] = useState<State>({ kind: "rate" });
  const [ignored, setIgnored] = useState(0);
  /** Monotonic time of the last tap: a wall clock set back must not freeze the screen. */
  const lastTap = useRef(-Infinity);
  const screen = useRef<HTMLElement | null>(null);
  /** The dossier code typed for the rating in progress ("" when none). */
  const [code, setCode] = useState("");
  const [codeBad, setCodeBad] = useState(false);

  useEffect(() => {
    const el = screen.current;
    (el instanceof HTMLButtonElement ? el : el?.querySelector("button"))?.focus();
  }, [state.kind]);

  useEffect(() => {
    if (!ignored) return;
    const timer = setTimeout(() => setIgnored(0), IGNORED_MS);
    return () => clearTimeout(timer);
  }, [ignored]);

  const send = async (level: QuickLevel, at: Date, reasons: Array<string | number>) => {
    const answers: Record<string, unknown> = { [quick.question]: level.value };
    if (quick.reasons && level.asksReasons && reasons.length > 0)
      answers[quick.reasons.question] = reasons;
    const dossierCode = code.trim();
    // On the device first: the thank-you screen appears only once the rating is stored here.
    await props.runtime.submit({
      id: newClientId(),
      token: props.token,
      answers,
      ...stampTap(at.getTime()),
      locale: props.locale,
      ...(dossierCode ? { dossierCode } : {}),
    });
    setCode("");
    setState({ kind: "thanks" });
  };

  const tap = (level: QuickLevel) => {
    const now = performance.now();
    if (now - lastTap.current < props.minIntervalMs) {
      // Any non-zero value shows the sign; a new one restarts its timer.
      setIgnored(Date.now());
      return;
    }
    // A code is letters, digits, dots and dashes (the server checks it against its pattern).
    if (code.trim() && !/^[A-Za-z0-9.-]{6,60}$/.test(code.trim())) {
      setCodeBad(true);
      return;
    }
    lastTap.current = now;
    setIgnored(0);
    const at = new Date();
    if (quick.reasons && level.asksReasons) setState({ kind: "reasons", level, at, chosen: [] });
    else void send(level, at, []);
  };

  useEffect(() => {
    if (state.kind === "thanks") {
      const timer = setTimeout(() => setState({ kind: "rate" }), THANKS_MS);
      return () => clearTimeout(timer);
    }
    if (state.kind === "reasons") {
      const timer = setTimeout(
        () => void send(state.level, state.at, state.chosen),
        REASONS_IDLE_MS,
      );
      return () => clearTimeout(timer);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  // A rating refused for its dossier code, said in plain words while the citizen is here.
  const refusal = props.runtime.dossierRefusal;
  const refusalText = refusal
    ? t(refusal.reason === "rated" ? "kiosk.dossier.rated" : "kiosk.dossier.unknown", {
        code: refusal.code,
      })
    : "";

  if (state.kind === "thanks") {
    return (
      <button
        ref={(el) => void (screen.current = el)}
        type="button"
        className="kiosk-screen kiosk-thanks"
        onClick={() => setState({ kind: "rate" })}
        data-testid="kiosk-thanks"
      >
        <span className="kiosk-thanks-title" role="status">
          {t("kiosk.thanks.title")}
        </span>
        {refusalText ? (
          <span role="alert" className="kiosk-refusal" data-testid="kiosk-dossier-refusal">
            {refusalText}
          </span>
        ) : (
          <span>{t("kiosk.thanks.body")}</span>
        )}
      </button>
    );
  }

  if (state.kind === "reasons" && quick.reasons) {
    const toggle = (v: string | number) =>
      setState({
        ...state,
        chosen: state.chosen.includes(v)
          ? state.chosen.filter((x) => x !== v)
          : [...state.chosen, v],
      });
    return (
      <div className="kiosk-screen kiosk-reasons" ref={(el) => void (screen.current = el)}>
        <h1>{quick.reasons.title}</h1>
        <div className="kiosk-reason-grid">
          {quick.reasons.choices.map((c) => (
            <button
              key={String(c.value)}
              type="button"
              className="kiosk-reason"
              aria-pressed={state.chosen.includes(c.value)}
              onClick={() => toggle(c.value)}
            >
              {c.text}
            </button>
          ))}
        </div>
        <div className="kiosk-reason-actions">
          <button
            type="button"
            className="kiosk-action secondary"
            onClick={() => void send(state.level, state.at, [])}
          >
            {t("kiosk.reasons.skip")}
          </button>
          <button
            type="button"
            className="kiosk-action"
            onClick={() => void send(state.level, state.at, state.chosen)}
          >
            {t("kiosk.reasons.send")}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="kiosk-screen kiosk-rate" ref={(el) => void (screen.current = el)}>
      <h1 id="kiosk-question">{quick.title}</h1>
      <div className="kiosk-levels" role="group" aria-labelledby="kiosk-question">
        {quick.levels.map((l, i) => (
          <button
            key={String(l.value)}
            type="button"
            className={`kiosk-level ${!l.satisfied ? "bad" : i === 0 ? "good" : "mid"}`}
            onClick={() => tap(l)}
          >
            <Face mood={l.mood} />
            <span>{l.text}</span>
          </button>
        ))}
      </div>
      {props.dossierCode && (
        <label className="kiosk-dossier">
          {t("kiosk.dossierCode")}
          <input
            name="dossierCode"
            value={code}
            maxLength={60}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={codeBad}
            aria-describedby="kiosk-dossier-hint"
            onChange={(e) => {
              setCode(e.target.value);
              setCodeBad(false);
            }}
          />
          <small id="kiosk-dossier-hint" role={codeBad ? "alert" : undefined}>
            {t(codeBad ? "kiosk.dossierCode.bad" : "kiosk.dossierCode.hint")}
          </small>
        </label>
      )}
      {refusalText && (
        <p role="alert" className="kiosk-refusal" data-testid="kiosk-dossier-refusal">
          {refusalText}
        </p>
      )}
      <p className="kiosk-ignored" role="status" data-testid="kiosk-ignored">
        {ignored ? t("kiosk.tooSoon") : ""}
      </p>
      {props.anonymous && <p className="kiosk-note">{t("kiosk.anonymous")}</p>}
    </div>
  );
}
